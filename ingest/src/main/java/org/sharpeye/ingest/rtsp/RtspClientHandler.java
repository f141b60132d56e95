package org.sharpeye.ingest.rtsp;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.sharpeye.ingest.FailureReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.function.Consumer;

/**
 * The RTSP 1.0 client state machine of one connection (RFC 2326): OPTIONS, DESCRIBE, SETUP with TCP interleaved
 * transport (10.12) or UDP, PLAY, then keepalive at half the session timeout (12.37) by GET_PARAMETER, or OPTIONS
 * when the server does not list GET_PARAMETER in Public; TEARDOWN on close. One request is outstanding at a time
 * ({@link RtspRequests}); where the media travels is {@link MediaTransport}, what arrives {@link RtpReception}.
 */
final class RtspClientHandler extends ChannelInboundHandlerAdapter implements InterleavedSink {

    private static final Logger log = LoggerFactory.getLogger(RtspClientHandler.class);

    private enum Phase { OPTIONS, DESCRIBE, SETUP, SETUP_AUDIO, PLAY, PLAYING }

    private final URI url;
    private final RtspClientOptions options;
    private final RtspSessionListener listener;
    private final Consumer<String> redirect;
    private final RtspRequests requests;
    private final MediaTransport transport;
    private final RtpReception reception;

    private ChannelHandlerContext ctx;
    private Phase phase = Phase.OPTIONS;
    private MediaChoice media;
    private SessionTimers timers;
    private boolean done;

    RtspClientHandler(URI url, Credentials credentials, RtspClientOptions options, RtspSessionListener listener,
                      Consumer<String> redirect) {
        this.url = url;
        this.options = options;
        this.listener = listener;
        this.redirect = redirect;
        this.requests = new RtspRequests(credentials, options.userAgent());
        this.reception = new RtpReception(listener);
        this.transport = new MediaTransport(options.transport(), url,
                new MediaTransport.UdpCallbacks(reception::video, reception::rtcp, listener::malformedRtp));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.timers = new SessionTimers(ctx.executor(), t -> exceptionCaught(ctx, t));
        if (done) {
            ctx.close(); // closed while connecting
            return;
        }
        send("OPTIONS", url.toString(), false);
        ctx.fireChannelActive();
    }

    /** RTP and RTCP on the connection, from the decoder before this handler, read in place. */
    @Override
    public void packet(int channel, io.netty.buffer.ByteBuf packet) {
        reception.interleaved(channel, packet);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof RtspResponse response) {
            if (!done) {
                response(response);
            }
        } else if (msg instanceof RtspServerRequest request) {
            log.debug("ignoring {} from the server", request.method());
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void response(RtspResponse r) {
        RtspRequests.Pending request = requests.answered(r.cseq());
        if (request == null) {
            log.debug("ignoring a response to CSeq {} that we no longer wait for", r.cseq());
            return;
        }
        timers.answered();
        boolean success = r.status() >= 200 && r.status() < 300;
        if (r.status() == 401) {
            if (!request.withFreshChallenge() && requests.challenge(r.headers().getAll("WWW-Authenticate"))) {
                send(request.method(), request.uri(), true);
            } else {
                fail(new RtspFailure(FailureReason.AUTH_FAILED, request.method() + " answered 401 "
                        + (requests.hasCredentials() ? "to our credentials" : "and no credentials are configured")));
            }
        } else if (r.status() >= 300 && r.status() < 400 && r.headers().get("Location") != null) {
            done = true;
            cancelTimers();
            ctx.close();
            redirect.accept(r.headers().get("Location"));
        } else if (!success && phase == Phase.PLAYING) {
            // A refused keepalive is not a broken session: some cameras reject GET_PARAMETER; use OPTIONS then.
            log.debug("keepalive {} answered {}", request.method(), r.status());
            requests.keepaliveRefused(request.method());
        } else if (phase == Phase.SETUP && transport.fallBack(r.status())) {
            setupVideo();
        } else if (!success && phase == Phase.SETUP_AUDIO) {
            log.info("{}: audio SETUP answered {}, playing video only", Redaction.url(url), r.status());
            media = media.videoOnly();
            play();
        } else if (!success) {
            fail(RtspFailure.ofStatus(r.status(), r.reason(), request.method()));
        } else {
            switch (request.method()) {
                case "OPTIONS" -> options(r);
                case "DESCRIBE" -> describe(r);
                case "SETUP" -> setup(r);
                case "PLAY" -> playing();
                default -> { } // keepalive answered
            }
        }
    }

    private void options(RtspResponse r) {
        requests.publicMethods(r.publicMethods());
        if (phase == Phase.OPTIONS) {
            phase = Phase.DESCRIBE;
            send("DESCRIBE", url.toString(), false);
        }
    }

    private void describe(RtspResponse r) {
        try {
            media = MediaChoice.of(r, url);
            phase = Phase.SETUP;
            setupVideo();
        } catch (SdpException e) {
            fail(new RtspFailure(FailureReason.PROTOCOL_ERROR, e.getMessage()));
        }
    }

    /** The transport in force (the preferred one until a 461 made us switch). */
    RtspTransport transport() {
        return transport.transport();
    }

    /** SETUP of the video over the transport in force; UDP first binds our pair of ports. */
    private void setupVideo() {
        transport.prepareVideo(ctx.channel());
        send("SETUP", media.video().control().toString(), false);
    }

    private void setup(RtspResponse r) {
        String transportHeader = r.headers().get("Transport", "");
        if (phase == Phase.SETUP_AUDIO) {
            if (!transport.audioSetUp(transportHeader)) {
                media = media.videoOnly();
            }
            play();
            return;
        }
        RtspSessionHeader session = RtspSessionHeader.parse(r.headers().get("Session"));
        if (session == null) {
            fail(new RtspFailure(FailureReason.PROTOCOL_ERROR, "SETUP answered without a Session"));
            return;
        }
        requests.session(session);
        if (!transport.videoSetUp(transportHeader, ctx.channel())) {
            media = media.videoOnly(); // audio rides along on TCP only, for now
        }
        if (media.audio() != null) {
            phase = Phase.SETUP_AUDIO;
            transport.prepareAudio();
            send("SETUP", media.audio().control().toString(), false);
            return;
        }
        play();
    }

    private void play() {
        phase = Phase.PLAY;
        send("PLAY", media.aggregateControl().toString(), false);
    }

    private void playing() {
        phase = Phase.PLAYING;
        reception.start(media.video().clockRate(), transport.rtpChannel(),
                media.audio() == null ? -1 : transport.audioChannel());
        timers.playing(this::keepalive, requests.keepaliveMillis(), this::report, RtcpReporter.INTERVAL_MILLIS,
                this::checkStall, StallRule.checkPeriodMillis(options.stallGap()));
        listener.playing(media.video());
        if (media.audio() != null && !done) {
            listener.playingAudio(media.audio());
        }
    }

    private void keepalive() {
        if (done || requests.waiting()) {
            return; // a request is outstanding; its own timer guards the connection
        }
        send(requests.keepaliveMethod(), media.aggregateControl().toString(), false);
    }

    /** A receiver report for the video (RFC 3550 6.4.2), on its RTCP channel or port. */
    private void report() {
        if (!done && ctx.channel().isActive()) {
            transport.sendRtcp(ctx, reception.report(ctx.alloc()));
        }
    }

    private void checkStall() {
        RtspFailure stall = reception.stall(options.stallGap(), System.nanoTime());
        if (!done && stall != null) {
            fail(stall);
        }
    }

    private void send(String method, String uri, boolean withFreshChallenge) {
        var request = requests.next(method, uri, withFreshChallenge, transport.requestHeader(phase == Phase.SETUP));
        int cseq = requests.lastCseq();
        ctx.writeAndFlush(request).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        timers.awaitAnswer(() -> {
            if (!done && requests.waitingFor(cseq)) {
                fail(new RtspFailure(FailureReason.UNREACHABLE, "no answer to " + method + " within "
                        + options.responseTimeout().toMillis() + " ms"));
            }
        }, options.responseTimeout().toMillis());
    }

    /**
     * Ends the session from our side: TEARDOWN if one was set up, then close. No listener callback.
     *
     * @return false when the connection is not up yet, so the caller must close the channel itself
     */
    boolean close() {
        if (done) {
            return true;
        }
        done = true;
        cancelTimers();
        if (ctx == null) {
            return false;
        }
        if (requests.hasSession() && ctx.channel().isActive()) {
            ctx.writeAndFlush(requests.teardown(media.aggregateControl().toString()))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
        return true;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done) {
            fail(new RtspFailure(FailureReason.UNREACHABLE, "connection closed by the camera during " + phase));
        }
        cancelTimers();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        RtspFailure failure = RtspFailure.ofConnection(cause);
        if (failure == null) {
            log.warn("unexpected error on the connection to {}", Redaction.url(url), cause);
            failure = RtspFailure.internal(cause);
        }
        fail(failure);
    }

    /** The pipeline could not be built; the connection is closing. */
    void initFailed(Throwable cause) {
        log.warn("cannot set up the connection to {}", Redaction.url(url), cause);
        fail(new RtspFailure(FailureReason.PROTOCOL_ERROR, "internal error: " + cause.getClass().getSimpleName()));
    }

    private void fail(RtspFailure failure) {
        if (done) {
            return;
        }
        done = true;
        cancelTimers();
        if (ctx != null) {
            ctx.close();
        }
        listener.failed(failure);
    }

    private void cancelTimers() {
        reception.stop();
        if (timers != null) {
            timers.cancel();
        }
        transport.close(); // the UDP ports end with the session
    }
}
