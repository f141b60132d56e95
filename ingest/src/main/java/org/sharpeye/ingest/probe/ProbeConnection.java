package org.sharpeye.ingest.probe;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.rtsp.RtspEncoder;
import org.sharpeye.ingest.FailureReason;
import org.sharpeye.ingest.rtsp.InterleavedFrameDecoder;
import org.sharpeye.media.net.NetTransport;
import org.sharpeye.ingest.rtsp.Redaction;
import org.sharpeye.ingest.rtsp.RtspFailure;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.Consumer;

/**
 * Probes one target on one event loop: connects, runs {@link ProbeHandler}, follows up to the configured number
 * of redirects, and reports one {@link ProbeResult}. The pipeline is ingest's: Netty's RTSP encoder and ingest's
 * {@link InterleavedFrameDecoder}, so answers are read with the same limits.
 */
final class ProbeConnection {

    private final EventLoop loop;
    private final ProbeTarget target;
    private final ProberOptions options;
    private final Consumer<ProbeResult> result;
    private final long startNanos = System.nanoTime();
    private int redirectsLeft;

    ProbeConnection(EventLoop loop, ProbeTarget target, ProberOptions options, Consumer<ProbeResult> result) {
        this.loop = loop;
        this.target = target;
        this.options = options;
        this.result = result;
        this.redirectsLeft = options.maxRedirects();
    }

    void start() {
        loop.execute(() -> connect(target.url()));
    }

    private void connect(URI url) {
        if (!"rtsp".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            fail(new RtspFailure(FailureReason.PROTOCOL_ERROR, "not an rtsp:// URL: " + Redaction.url(url)));
            return;
        }
        int port = url.getPort() > 0 ? url.getPort() : 554;
        ProbeHandler handler = new ProbeHandler(url, target.credentials(), "SharpEye-probe",
                options.responseTimeout().toMillis(), outcome -> outcome(url, outcome));
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(NetTransport.of(loop).socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new RtspEncoder(), new InterleavedFrameDecoder(), handler);
                    }
                });
        ChannelFuture future = bootstrap.connect(url.getHost(), port);
        future.addListener(f -> {
            if (!f.isSuccess()) {
                fail(RtspFailure.ofConnect(f.cause()));
            }
        });
    }

    private void outcome(URI url, ProbeHandler.Outcome outcome) {
        if (outcome instanceof ProbeHandler.Described) {
            result.accept(ProbeResult.ok(target, System.nanoTime() - startNanos));
        } else if (outcome instanceof ProbeHandler.Failed failed) {
            fail(failed.failure());
        } else if (outcome instanceof ProbeHandler.Redirected redirected) {
            redirect(url, redirected.location());
        }
    }

    private void redirect(URI from, String location) {
        if (redirectsLeft-- <= 0) {
            fail(new RtspFailure(FailureReason.PROTOCOL_ERROR, "more than " + options.maxRedirects() + " redirects"));
            return;
        }
        try {
            URI next = from.resolve(new URI(location.trim()));
            if (next.getUserInfo() != null) {
                next = new URI(next.getScheme(), null, next.getHost(), next.getPort(), next.getPath(),
                        next.getQuery(), null);
            }
            connect(next);
        } catch (URISyntaxException | IllegalArgumentException e) {
            fail(new RtspFailure(FailureReason.PROTOCOL_ERROR, "redirect to a malformed URL"));
        }
    }

    private void fail(RtspFailure failure) {
        result.accept(ProbeResult.failed(target, failure.reason(), failure.detail(), System.nanoTime() - startNanos));
    }
}
