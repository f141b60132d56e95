package org.sharpeye.ingest.bench;

import org.sharpeye.media.codec.AnnexB;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * RTP packets for the depacketizer benchmarks: two seconds of 1280x720 25 fps video at 2 Mbit/s encoded by Debian's
 * ffmpeg (libx264 / libx265, an access unit delimiter before each picture) and packetized here with a 1400-byte
 * MTU (single NAL unit or FU, RFC 6184 / RFC 7798), and synthetic AAC-hbr and G.711 packets of camera-like sizes.
 */
final class PacketFixtures {

    static final int MTU = 1400;

    private PacketFixtures() {
    }

    /** The packets of one codec: "H264", "H265", "AAC" or "PCMA". */
    static List<byte[]> packets(String codec, Path dir) throws Exception {
        return switch (codec) {
            case "H264" -> video(encode(dir, "h264", "libx264", "h264_metadata=aud=insert"), false);
            case "H265" -> video(encode(dir, "hevc", "libx265", "hevc_metadata=aud=insert"), true);
            case "AAC" -> aac();
            case "PCMA" -> g711();
            default -> throw new IllegalArgumentException(codec);
        };
    }

    static long payloadBytes(List<byte[]> packets) {
        long n = 0;
        for (byte[] p : packets) {
            n += p.length - 12;
        }
        return n;
    }

    private static byte[] encode(Path dir, String format, String encoder, String bsf) throws Exception {
        Path file = dir.resolve("clip." + format);
        if (!Files.exists(file)) {
            Files.createDirectories(dir);
            List<String> cmd = List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                    "testsrc2=size=1280x720:rate=25", "-t", "2", "-c:v", encoder, "-b:v", "2M", "-g", "50", "-bf", "0",
                    "-pix_fmt", "yuv420p", "-bsf:v", bsf, "-f", format, "-y", file.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("ffmpeg could not encode " + file);
            }
        }
        return Files.readAllBytes(file);
    }

    private static List<byte[]> video(byte[] annexB, boolean hevc) {
        List<byte[]> packets = new ArrayList<>();
        List<byte[]> accessUnit = new ArrayList<>();
        int[] sequence = {0};
        long timestamp = 0;
        for (byte[] nal : AnnexB.split(annexB)) {
            int type = hevc ? (nal[0] >> 1) & 0x3f : nal[0] & 0x1f;
            boolean delimiter = hevc ? type == 35 : type == 9;
            if (delimiter && !accessUnit.isEmpty()) {
                packetize(accessUnit, timestamp, hevc, sequence, packets);
                accessUnit.clear();
                timestamp += 3600; // 25 fps on the 90 kHz clock
            }
            if (!delimiter) {
                accessUnit.add(nal);
            }
        }
        packetize(accessUnit, timestamp, hevc, sequence, packets);
        return packets;
    }

    private static void packetize(List<byte[]> nals, long timestamp, boolean hevc, int[] sequence, List<byte[]> out) {
        for (int n = 0; n < nals.size(); n++) {
            byte[] nal = nals.get(n);
            boolean lastNal = n == nals.size() - 1;
            if (nal.length <= MTU) {
                out.add(rtp(sequence[0]++, timestamp, lastNal, nal, 0, nal.length, null));
                continue;
            }
            int headerLength = hevc ? 2 : 1;
            byte[] fuHeader = hevc
                    ? new byte[] {(byte) ((nal[0] & 0x81) | 49 << 1), nal[1], 0}
                    : new byte[] {(byte) ((nal[0] & 0xe0) | 28), 0};
            int type = hevc ? (nal[0] >> 1) & 0x3f : nal[0] & 0x1f;
            for (int offset = headerLength; offset < nal.length; offset += MTU) {
                int length = Math.min(MTU, nal.length - offset);
                boolean start = offset == headerLength;
                boolean end = offset + length == nal.length;
                fuHeader[fuHeader.length - 1] = (byte) ((start ? 0x80 : 0) | (end ? 0x40 : 0) | type);
                out.add(rtp(sequence[0]++, timestamp, lastNal && end, nal, offset, length, fuHeader));
            }
        }
    }

    private static byte[] rtp(int sequence, long timestamp, boolean marker, byte[] data, int offset, int length,
                              byte[] prefix) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(12 + length + 3);
        b.write(0x80);
        b.write((marker ? 0x80 : 0) | 96);
        b.write(sequence >> 8);
        b.write(sequence);
        for (int i = 3; i >= 0; i--) {
            b.write((int) (timestamp >>> (8 * i)));
        }
        b.writeBytes(new byte[] {0x12, 0x34, 0x56, 0x78});
        if (prefix != null) {
            b.writeBytes(prefix);
        }
        b.write(data, offset, length);
        return b.toByteArray();
    }

    /** 16 kHz mono AAC-LC at 32 kbit/s: one AU of about 256 bytes per packet, 1024 ticks apart. */
    private static List<byte[]> aac() {
        Random random = new Random(1);
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int size = 200 + random.nextInt(112);
            byte[] payload = new byte[4 + size];
            payload[1] = 16;
            payload[2] = (byte) (size >> 5);
            payload[3] = (byte) (size << 3);
            for (int j = 4; j < payload.length; j++) {
                payload[j] = (byte) random.nextInt();
            }
            packets.add(rtp(i, i * 1024L, true, payload, 0, payload.length, null));
        }
        return packets;
    }

    /** A-law at 8 kHz in 20 ms packets (160 bytes), as most cameras send it. */
    private static List<byte[]> g711() {
        Random random = new Random(2);
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] payload = new byte[160];
            random.nextBytes(payload);
            packets.add(rtp(i, i * 160L, false, payload, 0, payload.length, null));
        }
        return packets;
    }
}
