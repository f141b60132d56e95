package org.sharpeye.ingest.probe;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pacing against a loopback RTSP server that answers OPTIONS and DESCRIBE after a delay: 1,000 cameras on a 10 s
 * cycle are spread evenly (no second holds much more than its share, counted by the server's accepts), and with
 * more probes due than the limit allows, no more than the limit are ever open at once.
 */
class ProberPacingTest {

    private static volatile long serverDelayMillis = 15;
    private static final Pattern CSEQ = Pattern.compile("CSeq: *(\\d+)", Pattern.CASE_INSENSITIVE);
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=probe\r\nt=0 0\r\na=control:*\r\n"
            + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:track1\r\n";

    /** What one prober run against the slow server showed. */
    private record Run(List<Long> connects, long startNanos, int maxOverlap, int serverMaxOpen, ProberStats stats,
                       int failures) {
    }

    /** Probes {@code cameras} targets for one cycle against a server answering each request after a delay. */
    private static Run run(int cameras, Duration cycle, int limit, long delayMillis) throws Exception {
        serverDelayMillis = delayMillis;
        AtomicInteger open = new AtomicInteger();
        AtomicInteger maxOpen = new AtomicInteger();
        ConcurrentLinkedQueue<Long> connects = new ConcurrentLinkedQueue<>();
        EventLoopGroup serverGroup = new NioEventLoopGroup(1);
        CountDownLatch allAnswered = new CountDownLatch(cameras);
        try {
            Channel server = new ServerBootstrap().group(serverGroup).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new SlowRtspServer(open, maxOpen, connects));
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            List<ProbeTarget> targets = new ArrayList<>();
            for (int i = 0; i < cameras; i++) {
                targets.add(new ProbeTarget("c" + i, "sub", URI.create("rtsp://127.0.0.1:" + port + "/c" + i), null));
            }
            ProberOptions options = new ProberOptions(cycle, limit, Duration.ofMillis(500), Duration.ofSeconds(1), 3);
            AtomicInteger failures = new AtomicInteger();
            ConcurrentLinkedQueue<long[]> lives = new ConcurrentLinkedQueue<>();
            long start = System.nanoTime();
            ProberStats stats;
            try (Prober prober = Prober.start(1, options, () -> targets, t -> false, r -> {
                long end = System.nanoTime();
                lives.add(new long[] {end - r.durationNanos(), end});
                if (!r.ok()) {
                    failures.incrementAndGet();
                }
                allAnswered.countDown();
            })) {
                assertTrue(allAnswered.await(cycle.toSeconds() + 20, TimeUnit.SECONDS), "one cycle answered");
                stats = prober.stats();
            }
            server.close().sync();
            // Each probe's life, from its connect attempt to its closed socket, as seen from the results. (The
            // server's own count lags: it hears each close a moment late.)
            List<long[]> edges = new ArrayList<>();
            for (long[] life : lives) {
                edges.add(new long[] {life[0], 1});
                edges.add(new long[] {life[1], -1});
            }
            edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            int overlap = 0;
            int maxOverlap = 0;
            for (long[] e : edges) {
                overlap += (int) e[1];
                maxOverlap = Math.max(maxOverlap, overlap);
            }
            return new Run(new ArrayList<>(connects), start, maxOverlap, maxOpen.get(), stats, failures.get());
        } finally {
            serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void startsAreSpreadEvenlyOverTheCycle() throws Exception {
        run(100, Duration.ofSeconds(2), 64, 2); // warm the JIT and Netty up, so the first second is not slow
        Run r = run(1000, Duration.ofSeconds(10), 64, 2);
        assertEquals(0, r.failures());
        int[] perSecond = new int[11];
        for (long at : r.connects()) {
            perSecond[(int) Math.min(10, TimeUnit.NANOSECONDS.toSeconds(at - r.startNanos()))]++;
        }
        // 100 a second expected; allow jitter and scheduling noise on a shared machine, but no burst.
        for (int s = 0; s < 10; s++) {
            assertTrue(perSecond[s] >= 60 && perSecond[s] <= 140,
                    "second " + s + " had " + perSecond[s] + " connects: " + java.util.Arrays.toString(perSecond));
        }
        assertTrue(r.stats().maxInFlight() <= 64, r.stats().toString());
    }

    @Test
    void concurrencyNeverExceedsTheLimit() throws Exception {
        // 300 probes due within 2 s, each taking at least 30 ms: about 5 would overlap without the limit of 3.
        Run r = run(300, Duration.ofSeconds(2), 3, 15);
        assertEquals(0, r.failures(), "waiting probes still run: none times out");
        assertTrue(r.maxOverlap() <= 3, r.maxOverlap() + " probes overlapped");
        assertEquals(3, r.stats().maxInFlight(), "the limit was reached: " + r.stats());
        assertTrue(r.serverMaxOpen() >= 2, "the server saw probes overlap");
    }

    /** Answers each request {@link #serverDelayMillis} late; counts connections open at once. */
    private static final class SlowRtspServer extends ChannelInboundHandlerAdapter {
        private final AtomicInteger open;
        private final AtomicInteger maxOpen;
        private final ConcurrentLinkedQueue<Long> connects;
        private final StringBuilder pending = new StringBuilder();

        SlowRtspServer(AtomicInteger open, AtomicInteger maxOpen, ConcurrentLinkedQueue<Long> connects) {
            this.open = open;
            this.maxOpen = maxOpen;
            this.connects = connects;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            connects.add(System.nanoTime());
            maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            open.decrementAndGet();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                pending.append(in.toString(StandardCharsets.US_ASCII));
            } finally {
                in.release();
            }
            int end;
            while ((end = pending.indexOf("\r\n\r\n")) >= 0) {
                String request = pending.substring(0, end);
                pending.delete(0, end + 4);
                Matcher m = CSEQ.matcher(request);
                String cseq = m.find() ? m.group(1) : "0";
                String reply = request.startsWith("DESCRIBE")
                        ? "RTSP/1.0 200 OK\r\nCSeq: " + cseq + "\r\nContent-Type: application/sdp\r\nContent-Length: "
                        + SDP.length() + "\r\n\r\n" + SDP
                        : "RTSP/1.0 200 OK\r\nCSeq: " + cseq + "\r\nPublic: OPTIONS, DESCRIBE\r\n\r\n";
                ctx.executor().schedule(() -> ctx.writeAndFlush(Unpooled.copiedBuffer(reply, StandardCharsets.US_ASCII)),
                        serverDelayMillis, TimeUnit.MILLISECONDS);
            }
        }
    }
}
