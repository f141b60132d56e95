package org.sharpeye.media.flv;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeye.media.Codec;
import org.sharpeye.media.EncodedSamples;
import org.sharpeye.media.FfmpegDecode;
import org.sharpeye.media.Frame;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlvMuxerTest {

    @TempDir
    Path dir;

    @Test
    void h264FlvIsReadAndDecodedByFfmpeg() throws Exception {
        byte[] annexB = EncodedSamples.encode(Codec.H264, 320, 240, 4, dir);
        List<Frame> frames = EncodedSamples.frames(Codec.H264, annexB, 320, 240);
        Path flv = dir.resolve("out.flv");
        FlvMuxer muxer = new FlvMuxer(PooledByteBufAllocator.DEFAULT);
        try (OutputStream out = Files.newOutputStream(flv)) {
            write(out, muxer.header(frames.get(0).track()));
            for (Frame f : frames) {
                write(out, muxer.frame(f));
            }
        } finally {
            frames.forEach(Frame::release);
        }
        var probe = EncodedSamples.run(List.of("ffprobe", "-v", "error", "-show_entries",
                "stream=codec_name,width,height", "-count_frames", "-show_entries", "stream=nb_read_frames",
                "-of", "default=nw=1", flv.toString()));
        assertEquals(0, probe.exitCode(), probe.output());
        assertTrue(probe.output().contains("codec_name=h264"), probe.output());
        assertTrue(probe.output().contains("width=320") && probe.output().contains("height=240"), probe.output());
        assertTrue(probe.output().contains("nb_read_frames=100"), probe.output());
        FfmpegDecode.assertClean(flv);
    }

    @Test
    void aViewerStartsAtAKeyframeAndTimeStartsAtZero() throws Exception {
        byte[] annexB = EncodedSamples.encode(Codec.H264, 320, 240, 3, dir);
        List<Frame> frames = EncodedSamples.frames(Codec.H264, annexB, 320, 240);
        try {
            FlvMuxer muxer = new FlvMuxer(PooledByteBufAllocator.DEFAULT);
            Frame firstKeyAfterStart = null;
            for (Frame f : frames.subList(10, frames.size())) {
                ByteBuf tags = muxer.frame(f);
                if (firstKeyAfterStart == null) {
                    if (!f.isKeyframe()) {
                        assertNull(tags, "a frame before the first keyframe must be skipped");
                        continue;
                    }
                    firstKeyAfterStart = f;
                    // sequence header tag comes first, at time 0
                    assertEquals(9, tags.getUnsignedByte(0));
                    assertEquals(0, tags.getUnsignedMedium(4));
                    assertEquals(0x17, tags.getUnsignedByte(11));
                    assertEquals(0, tags.getUnsignedByte(12), "AVC sequence header");
                }
                tags.release();
            }
            assertTrue(firstKeyAfterStart != null && firstKeyAfterStart.isKeyframe());
        } finally {
            frames.forEach(Frame::release);
        }
    }

    @Test
    void timelineAbsorbsASourceRestart() {
        FlvTimeline t = new FlvTimeline();
        assertEquals(0, t.toMillis(5_000_000));
        assertEquals(40, t.toMillis(5_040_000));
        // the source reconnected and its clock restarted near zero
        assertEquals(80, t.toMillis(1_000));
        assertEquals(120, t.toMillis(41_000));
        // a jump of a minute forwards is absorbed too
        assertEquals(160, t.toMillis(60_041_000));
    }

    private static void write(OutputStream out, ByteBuf buf) throws java.io.IOException {
        try {
            buf.readBytes(out, buf.readableBytes());
        } finally {
            buf.release();
        }
    }
}
