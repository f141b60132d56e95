package org.sharpeye.media.rtp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Real RTP packets from Debian's ffmpeg: one second of 640x360 test pattern at 25 fps, a keyframe every 10 frames,
 * no B-frames, sent to a loopback UDP socket. Captured once per JVM per codec.
 */
final class RtpCapture {

    static final int FRAMES = 25;
    static final int GOP = 10;

    private static List<byte[]> h264;
    private static List<byte[]> h265;

    private RtpCapture() {
    }

    static synchronized List<byte[]> h264() throws Exception {
        if (h264 == null) {
            h264 = capture("-c:v", "libx264", "-bf", "0", "-g", String.valueOf(GOP), "-keyint_min",
                    String.valueOf(GOP), "-sc_threshold", "0");
        }
        return h264;
    }

    static synchronized List<byte[]> h265() throws Exception {
        if (h265 == null) {
            h265 = capture("-c:v", "libx265", "-x265-params",
                    "keyint=" + GOP + ":min-keyint=" + GOP + ":scenecut=0:bframes=0:log-level=error");
        }
        return h265;
    }

    private static List<byte[]> capture(String... codecArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-frames:v", String.valueOf(FRAMES)));
        cmd.addAll(Arrays.asList(codecArgs));
        cmd.addAll(List.of("-f", "rtp"));
        return FfmpegRtp.capture(cmd);
    }

    /** A copy of an RTP packet with another sequence number and timestamp. */
    static byte[] renumber(byte[] packet, int sequence, long timestamp) {
        byte[] p = packet.clone();
        p[2] = (byte) (sequence >> 8);
        p[3] = (byte) sequence;
        for (int i = 0; i < 4; i++) {
            p[4 + i] = (byte) (timestamp >>> (24 - 8 * i));
        }
        return p;
    }

    static int sequence(byte[] packet) {
        return (packet[2] & 0xff) << 8 | packet[3] & 0xff;
    }

    static long timestamp(byte[] packet) {
        return ((packet[4] & 0xffL) << 24) | ((packet[5] & 0xff) << 16) | ((packet[6] & 0xff) << 8) | (packet[7] & 0xff);
    }
}
