package org.sharpeye.media.rtp;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The RTP packets Debian's ffmpeg sends to a UDP socket on loopback, received until ffmpeg exits. */
final class FfmpegRtp {

    private FfmpegRtp() {
    }

    /**
     * Runs {@code ffmpeg}, a command line that ends with its RTP output options ({@code -f rtp} and any more), with
     * a loopback socket's address appended as the output, and returns every packet it sent, in order.
     */
    static List<byte[]> capture(List<String> ffmpeg) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setReceiveBufferSize(4 << 20);
            socket.setSoTimeout(300);
            List<String> cmd = new ArrayList<>(ffmpeg);
            cmd.add("rtp://127.0.0.1:" + socket.getLocalPort() + "?pkt_size=1200");
            Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
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
                        if (!process.isAlive()) {
                            break;
                        }
                    }
                }
            } finally {
                process.destroy();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            if (process.exitValue() != 0 || packets.isEmpty()) {
                throw new IllegalStateException("ffmpeg exited " + process.exitValue() + " after " + packets.size()
                        + " packets");
            }
            return List.copyOf(packets);
        }
    }
}
