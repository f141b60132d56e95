package org.sharpeye.ingest.probe;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.sharpeye.ingest.FailureReason;
import org.sharpeye.ingest.rtsp.Authenticator;
import org.sharpeye.ingest.rtsp.Credentials;
import org.sharpeye.ingest.rtsp.Redaction;
import org.sharpeye.ingest.rtsp.RtspFailure;
import org.sharpeye.ingest.rtsp.RtspResponse;
import org.sharpeye.ingest.rtsp.Sdp;
import org.sharpeye.ingest.rtsp.SdpException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One probe connection: OPTIONS, then DESCRIBE (RFC 2326 10.1, 10.2), answering a 401 challenge once per request
 * as ingest's client does, then closes. It never sends SETUP or PLAY, so a probe never opens a media session on
 * the camera. Reports exactly one {@link Outcome}; runs on its channel's event loop.
 */
final class ProbeHandler extends ChannelInboundHandlerAdapter {

    private static final List<String> CODECS = List.of("H264", "H265");

    /** How a probe connection ended. */
    sealed interface Outcome permits Described, Redirected, Failed {
    }

    /** DESCRIBE answered with usable video. */
    record Described() implements Outcome {
    }

    /** A 3xx with Location: the prober follows it as ingest would. */
    record Redirected(String location) implements Outcome {
    }

    /** Classified like ingest's sessions ({@link RtspFailure}). */
    record Failed(RtspFailure failure) implements Outcome {
    }

    private final URI url;
    private final String userAgent;
    private final long responseTimeoutMillis;
    private final Authenticator authenticator;
    private final boolean hasCredentials;
    private final Consumer<Outcome> done;

    private ChannelHandlerContext ctx;
    private String method;
    private int cseq;
    private boolean retriedWithChallenge;
    private ScheduledFuture<?> responseTimer;
    private boolean finished;

    ProbeHandler(URI url, Credentials credentials, String userAgent, long responseTimeoutMillis,
                 Consumer<Outcome> done) {
        this.url = url;
        this.userAgent = userAgent;
        this.responseTimeoutMillis = responseTimeoutMillis;
        this.authenticator = new Authenticator(credentials);
        this.hasCredentials = credentials != null;
        this.done = done;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        send("OPTIONS");
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof RtspResponse response) {
            if (!finished) {
                response(response);
            }
        } else {
            // Interleaved packets or server requests have no place in a probe: drop them (released here).
            ReferenceCountUtil.release(msg);
        }
    }

    private void response(RtspResponse r) {
        if (r.cseq() != cseq) {
            return; // an answer to a request we no longer wait for
        }
        cancelTimer();
        if (r.status() == 401) {
            if (!retriedWithChallenge && authenticator.challenge(r.headers().getAll("WWW-Authenticate"))) {
                retriedWithChallenge = true;
                send(method);
            } else {
                finish(new Failed(new RtspFailure(FailureReason.AUTH_FAILED, method + " answered 401 "
                        + (hasCredentials ? "to our credentials" : "and no credentials are configured"))));
            }
            return;
        }
        if (r.status() >= 300 && r.status() < 400 && r.headers().get("Location") != null) {
            finish(new Redirected(r.headers().get("Location")));
            return;
        }
        if (r.status() < 200 || r.status() >= 300) {
            finish(new Failed(RtspFailure.ofStatus(r.status(), r.reason(), method)));
            return;
        }
        if (method.equals("OPTIONS")) {
            retriedWithChallenge = false;
            send("DESCRIBE");
        } else {
            finish(describe(r));
        }
    }

    /** The same checks as ingest's DESCRIBE step: a parsable SDP with H.264 or H.265 video. */
    private Outcome describe(RtspResponse r) {
        String baseHeader = r.headers().get("Content-Base", r.headers().get("Content-Location"));
        try {
            URI base = baseHeader == null ? url : url.resolve(new URI(baseHeader.trim()));
            Sdp sdp = Sdp.parse(r.bodyText(), base);
            if (sdp.firstVideo(CODECS).isEmpty()) {
                return new Failed(new RtspFailure(FailureReason.PROTOCOL_ERROR, "no H.264 or H.265 video in the SDP"));
            }
            return new Described();
        } catch (SdpException | URISyntaxException e) {
            return new Failed(new RtspFailure(FailureReason.PROTOCOL_ERROR, "bad SDP: "
                    + Redaction.redactText(e.getMessage())));
        }
    }

    private void send(String requestMethod) {
        method = requestMethod;
        String uri = url.toString();
        FullHttpRequest request = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, HttpMethod.valueOf(method), uri);
        request.headers().set(RtspHeaderNames.CSEQ, ++cseq);
        request.headers().set(RtspHeaderNames.USER_AGENT, userAgent);
        String authorization = authenticator.authorization(method, uri);
        if (authorization != null) {
            request.headers().set(RtspHeaderNames.AUTHORIZATION, authorization);
        }
        if (method.equals("DESCRIBE")) {
            request.headers().set(RtspHeaderNames.ACCEPT, "application/sdp");
        }
        ctx.writeAndFlush(request).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        int expected = cseq;
        String sent = method;
        responseTimer = ctx.executor().schedule(() -> {
            if (!finished && cseq == expected) {
                finish(new Failed(new RtspFailure(FailureReason.UNREACHABLE, "no answer to " + sent + " within "
                        + responseTimeoutMillis + " ms")));
            }
        }, responseTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish(new Failed(new RtspFailure(FailureReason.UNREACHABLE, "connection closed by the camera during "
                + (method == null ? "connect" : method))));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            finish(new Failed(new RtspFailure(FailureReason.PROTOCOL_ERROR, "undecodable RTSP stream")));
        } else if (cause instanceof IOException) {
            finish(new Failed(new RtspFailure(FailureReason.UNREACHABLE, "connection lost: "
                    + Redaction.redactText(String.valueOf(cause.getMessage())))));
        } else {
            finish(new Failed(new RtspFailure(FailureReason.PROTOCOL_ERROR, "internal error: "
                    + cause.getClass().getSimpleName())));
        }
    }

    private void finish(Outcome outcome) {
        if (finished) {
            return;
        }
        finished = true;
        cancelTimer();
        if (ctx != null) {
            // Report once the socket is closed, so the prober's concurrency limit bounds open sockets too.
            ctx.close().addListener(f -> done.accept(outcome));
        } else {
            done.accept(outcome);
        }
    }

    private void cancelTimer() {
        if (responseTimer != null) {
            responseTimer.cancel(false);
            responseTimer = null;
        }
    }
}
