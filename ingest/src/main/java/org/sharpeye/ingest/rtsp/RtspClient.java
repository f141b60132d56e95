package org.sharpeye.ingest.rtsp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import org.sharpeye.ingest.FailureReason;
import org.sharpeye.media.net.NetTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Pulls one video stream from a camera over RTSP 1.0 (RFC 2326) with RTP interleaved on the TCP connection:
 * OPTIONS, DESCRIBE, SETUP, PLAY, keepalive, TEARDOWN on close; follows a bounded number of redirects.
 * Everything runs on the given event loop, as do the listener's callbacks; nothing blocks.
 */
public final class RtspClient {

    private static final Logger log = LoggerFactory.getLogger(RtspClient.class);

    private final EventLoop loop;
    private final Credentials credentials;
    private final RtspClientOptions options;
    private final RtspSessionListener listener;
    private URI url;
    private int redirectsLeft;
    private Channel channel;
    private volatile RtspClientHandler handler;
    private boolean closed;

    /**
     * @param url rtsp://host[:port]/path[?query], without user info
     * @param credentials null when the camera needs none
     */
    public RtspClient(EventLoop loop, URI url, Credentials credentials, RtspClientOptions options,
                      RtspSessionListener listener) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.url = Objects.requireNonNull(url, "url");
        this.credentials = credentials;
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.redirectsLeft = options.maxRedirects();
        if (url.getUserInfo() != null) {
            throw new IllegalArgumentException("credentials belong in Credentials, not in the URL");
        }
    }

    /** The RTP transport of the session: the preferred one, or the other after a 461 answer to SETUP. */
    public RtspTransport transport() {
        RtspClientHandler h = handler;
        return h == null ? options.transport() : h.transport();
    }

    /** Connects and starts the session. */
    public void start() {
        loop.execute(this::connectGuarded);
    }

    /** A bug or a missing class while connecting must end the session visibly, not leave it connecting forever. */
    private void connectGuarded() {
        try {
            connect();
        } catch (Throwable t) {
            log.warn("cannot connect to {}", Redaction.url(url), t);
            if (!closed) {
                closed = true;
                if (channel != null) {
                    channel.close();
                }
                listener.failed(new RtspFailure(FailureReason.PROTOCOL_ERROR, "internal error: "
                        + t.getClass().getSimpleName()));
            }
        }
    }

    /**
     * Sends TEARDOWN when a session exists and closes the connection; the listener hears nothing more.
     *
     * @return completes once the connection is closed (at once when there was none)
     */
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                closed = true;
                boolean handled = handler != null && handler.close();
                if (!handled && channel != null) {
                    channel.close();
                }
                if (channel == null) {
                    ended.complete(null);
                } else {
                    channel.closeFuture().addListener(f -> ended.complete(null));
                }
            });
        } catch (RejectedExecutionException e) { // the loop has stopped: its channels are closed
            ended.complete(null);
        }
        return ended;
    }

    private void connect() {
        if (closed) {
            return;
        }
        if (!"rtsp".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            listener.failed(new RtspFailure(FailureReason.PROTOCOL_ERROR, "not an rtsp:// URL: " + Redaction.url(url)));
            return;
        }
        int port = url.getPort() > 0 ? url.getPort() : 554;
        handler = new RtspClientHandler(url, credentials, options, listener, this::redirect);
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(NetTransport.of(loop).socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new RtspClientInitializer(handler));
        log.debug("connecting to {}", Redaction.url(url));
        ChannelFuture future = bootstrap.connect(url.getHost(), port);
        channel = future.channel();
        future.addListener(f -> {
            if (!f.isSuccess() && !closed) {
                listener.failed(RtspFailure.ofConnect(f.cause()));
            }
        });
    }

    /** Called by the handler on a 3xx answer; the old connection is already closing. */
    private void redirect(String location) {
        if (closed) {
            return;
        }
        URI next;
        try {
            next = url.resolve(new URI(location.trim()));
        } catch (URISyntaxException e) {
            listener.failed(new RtspFailure(FailureReason.PROTOCOL_ERROR, "redirect to a malformed URL"));
            return;
        }
        if (redirectsLeft-- <= 0) {
            listener.failed(new RtspFailure(FailureReason.PROTOCOL_ERROR, "more than " + options.maxRedirects()
                    + " redirects"));
            return;
        }
        if (next.getUserInfo() != null) {
            try {
                next = new URI(next.getScheme(), null, next.getHost(), next.getPort(), next.getPath(),
                        next.getQuery(), null);
            } catch (URISyntaxException e) {
                listener.failed(new RtspFailure(FailureReason.PROTOCOL_ERROR, "redirect to a malformed URL"));
                return;
            }
        }
        log.info("redirected from {} to {}", Redaction.url(url), Redaction.url(next));
        url = next;
        connect();
    }
}
