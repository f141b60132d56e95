package org.sharpeye.gateway.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free loopback port below the kernel's ephemeral range (32768+), for servers a test starts in another process: a
 * port the kernel picked (bind to 0) is taken again at once by the outgoing connections of the RTSP clients.
 */
final class FreePort {
    private FreePort() {
    }

    static int pick() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port in 20000..32000");
    }
}
