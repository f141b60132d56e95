package org.sharpeye.media.rtp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setReceiveBufferSize(4 << 20);
            socket.setSoTimeout(300);
            List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                    "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-frames:v", String.valueOf(FRAMES)));
            cmd.addAll(Arrays.asList(codecArgs));
            cmd.addAll(List.of("-f", "rtp", "rtp://127.0.0.1:" + socket.getLocalPort() + "?pkt_size=1200"));
            Process ffmpeg = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            List<byte[]> packets = new ArrayList<>();
            byte[] buf = new byte[65536];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            try {
                while (System.nanoTime() < deadline) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        socket.receive(p);
                        packets.add(Arrays.copyOf(p.getData(), p.getLength()));
                    } catch (SocketTimeoutException e) {
                        if (!ffmpeg.isAlive()) {
                            break;
                        }
                    }
                }
            } finally {
                ffmpeg.destroy();
                ffmpeg.waitFor(5, TimeUnit.SECONDS);
            }
            if (ffmpeg.exitValue() != 0 || packets.isEmpty()) {
                throw new IllegalStateException("ffmpeg exited " + ffmpeg.exitValue() + " after " + packets.size()
                        + " packets");
            }
            return List.copyOf(packets);
        }
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
