package org.sharpeye.ingest.bench;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;
import org.sharpeye.media.rtp.AacDepacketizer;
import org.sharpeye.media.rtp.DepacketizerOutcome;
import org.sharpeye.media.rtp.G711Depacketizer;
import org.sharpeye.media.rtp.H264Depacketizer;
import org.sharpeye.media.rtp.H265Depacketizer;
import org.sharpeye.media.rtp.RtpPacket;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * One operation = every packet of a fixture (two seconds of 2 Mbit/s video, or 500 audio packets) parsed as RTP
 * and pushed through a fresh depacketizer, each frame released at once. MB/s = ops/s x payload bytes.
 */
@State(Scope.Thread)
public class DepacketizerBench {

    @Param({"H264", "H265", "AAC", "PCMA"})
    public String codec;

    private List<byte[]> packets;
    private long frames;

    @Setup
    public void load() throws Exception {
        packets = PacketFixtures.packets(codec, Path.of(System.getProperty("sharpeye.bench.dir",
                System.getProperty("java.io.tmpdir") + "/sharpeye-ingest-bench")));
    }

    @Benchmark
    public long depacketize() {
        Consumer<Frame> sink = f -> {
            frames++;
            f.release();
        };
        switch (codec) {
            case "H264" -> {
                try (H264Depacketizer d = new H264Depacketizer(List.of(), sink)) {
                    packets.forEach(p -> push(p, d::push));
                }
            }
            case "H265" -> {
                try (H265Depacketizer d = new H265Depacketizer(List.of(), sink)) {
                    packets.forEach(p -> push(p, d::push));
                }
            }
            case "AAC" -> {
                try (AacDepacketizer d = new AacDepacketizer(16000, 13, 3, 3, 1024, new byte[] {0x14, 0x08},
                        ByteBufAllocator.DEFAULT, sink)) {
                    packets.forEach(p -> push(p, d::push));
                }
            }
            default -> {
                try (G711Depacketizer d = new G711Depacketizer(Codec.PCMA, 8000, sink)) {
                    packets.forEach(p -> push(p, d::push));
                }
            }
        }
        return frames;
    }

    private static void push(byte[] bytes, java.util.function.Function<RtpPacket, DepacketizerOutcome> push) {
        RtpPacket packet = (RtpPacket) RtpPacket.parse(Unpooled.wrappedBuffer(bytes));
        try {
            push.apply(packet);
        } finally {
            packet.release();
        }
    }
}
