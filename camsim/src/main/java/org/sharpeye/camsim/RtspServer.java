package org.sharpeye.camsim;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import org.sharpeye.media.net.NetTransport;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;

/**
 * One RTSP listener (a distinct host:port) and the cameras behind it; routes a request URI to a mount by its path
 * and query. A listener with a single camera is that camera's own address, so it can refuse or vanish for it alone.
 */
final class RtspServer {

    private static final Logger LOG = LoggerFactory.getLogger(RtspServer.class);

    /** How the listener answers connects. */
    enum State { OPEN, REFUSING, GONE }

    static final int SEND_BUFFER = 128 * 1024;

    final String host;
    /** The port asked for; 0 until bound when a free one was asked for. */
    private volatile int port;
    final List<Camera> cameras;
    /** Every connection accepted, so close() can end them. */
    final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ServerBootstrap bootstrap;
    private Channel channel;
    private Blackhole blackhole;
    private State state = State.REFUSING;

    RtspServer(String host, int port, List<Camera> cameras, EventLoopGroup boss, EventLoopGroup workers,
               CamSimStats stats) {
        this.host = host;
        this.port = port;
        this.cameras = List.copyOf(cameras);
        this.bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NetTransport.of(boss).serverSocketChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // A camera has little memory: a fixed send buffer and a low water mark, so a stuck client
                // turns unwritable quickly and loses packets instead of making us queue.
                .childOption(ChannelOption.SO_SNDBUF, SEND_BUFFER)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(new RtspServerInitializer(this, stats));
    }

    /** The port the listener is (or was last) bound to. */
    int port() {
        return port;
    }

    /** True when this listener serves one camera only (it has its own address). */
    boolean dedicated() {
        return cameras.size() == 1;
    }

    synchronized State state() {
        return state;
    }

    /** Puts the listener in a state: binds, unbinds (connects refused) or blackholes (connects time out). */
    synchronized void moveTo(State wanted) throws IOException {
        if (wanted == state) {
            return;
        }
        if (channel != null) {
            channel.close().syncUninterruptibly();
            channel = null;
            awaitReleased();
        }
        if (blackhole != null) {
            blackhole.close();
            blackhole = null;
        }
        state = State.REFUSING;
        if (wanted == State.OPEN) {
            io.netty.channel.ChannelFuture f = bootstrap.bind(host, port).awaitUninterruptibly();
            if (!f.isSuccess()) {
                throw new IOException("cannot listen on " + host + ":" + port, f.cause());
            }
            channel = f.channel();
            // A free port picked at the first bind is kept for every later rebind (after refuse or gone).
            port = ((java.net.InetSocketAddress) channel.localAddress()).getPort();
        } else if (wanted == State.GONE) {
            blackhole = Blackhole.open(host, port);
        }
        state = wanted;
        LOG.debug("RTSP listener {}:{} now {}", host, port, wanted);
    }

    /**
     * Waits until the closed listener's socket is really gone. Java NIO releases a channel registered with a
     * selector only at that selector's next select, after Netty's close future has completed: until then the old
     * socket still listens, so a "refuse" fault would still accept connects and a "gone" blackhole could not bind.
     */
    private void awaitReleased() throws IOException {
        java.net.InetSocketAddress address = new java.net.InetSocketAddress(java.net.InetAddress.getByName(host), port);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(address, 1);
                return;
            } catch (java.net.BindException stillBound) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(host + ":" + port + " is still bound 5 s after its listener closed",
                            stillBound);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // the kernel state has no event to await
            }
        }
    }

    /** The mount a request URI addresses, or null (also for {@code *}). */
    Mount route(String requestUri) {
        String key = normalize(requestUri);
        if (key == null) {
            return null;
        }
        for (Camera c : cameras) {
            for (Mount m : c.mounts.values()) {
                if (key.equals(normalize(m.spec.path()))) {
                    return m;
                }
            }
        }
        return null;
    }

    /**
     * Path plus query of a request URI with the track control (…/trackID=0, which a client may append after the
     * query as well as after the path) and any trailing slash removed.
     */
    static String normalize(String uri) {
        if (uri == null || uri.equals("*")) {
            return null;
        }
        String rest = uri;
        if (rest.regionMatches(true, 0, "rtsp://", 0, 7) || rest.regionMatches(true, 0, "rtsps://", 0, 8)) {
            int slash = rest.indexOf('/', rest.indexOf("//") + 2);
            rest = slash < 0 ? "/" : rest.substring(slash);
        }
        String path = rest;
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            path = rest.substring(0, q);
            query = rest.substring(q + 1);
        }
        path = stripTrack(path);
        if (query != null) {
            query = stripTrack(query);
        }
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }

    private static String stripTrack(String s) {
        int t = s.lastIndexOf("/trackID=");
        if (t >= 0 && s.substring(t + 9).chars().allMatch(Character::isDigit)) {
            s = s.substring(0, t);
        }
        while (s.length() > 1 && s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** Closes the listener and every connection it accepted. */
    synchronized void close() {
        connections.close().awaitUninterruptibly(2000);
        if (channel != null) {
            channel.close().syncUninterruptibly();
            channel = null;
        }
        if (blackhole != null) {
            blackhole.close();
            blackhole = null;
        }
        state = State.REFUSING;
    }
}
