package org.sharpeye.ingest.rtsp;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.concurrent.ScheduledFuture;
import org.sharpeye.ingest.FailureReason;
import org.sharpeye.media.rtp.RtpPacket;
import org.sharpeye.media.rtp.RtpParse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The RTSP 1.0 client state machine of one connection (RFC 2326): OPTIONS, DESCRIBE, SETUP with TCP interleaved
 * transport (10.12), PLAY, then keepalive at half the session timeout (12.37) by GET_PARAMETER, or OPTIONS when
 * the server does not list GET_PARAMETER in Public; TEARDOWN on close. One request is outstanding at a time.
 */
final class RtspClientHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RtspClientHandler.class);
    private static final List<String> CODECS = List.of("H264", "H265");
    private static final Pattern INTERLEAVED = Pattern.compile("interleaved=(\\d{1,3})(?:-(\\d{1,3}))?");
    private static final Pattern SERVER_PORT = Pattern.compile("server_port=(\\d{1,5})(?:-(\\d{1,5}))?");
    /** RFC 2326 7.1.1: the server does not support the transport asked for. */
    private static final int UNSUPPORTED_TRANSPORT = 461;
    private static final Pattern TIMEOUT = Pattern.compile("timeout=(\\d{1,6})");
    /** RFC 2326 12.37: without a timeout parameter the session lasts 60 s. */
    private static final int DEFAULT_SESSION_TIMEOUT_SECONDS = 60;

    private enum Phase { OPTIONS, DESCRIBE, SETUP, SETUP_AUDIO, PLAY, PLAYING }

    private record Pending(String method, String uri, int cseq, boolean withFreshChallenge) {
    }

    private final URI url;
    private final RtspClientOptions options;
    private final RtspSessionListener listener;
    private final Consumer<String> redirect;
    private final Authenticator authenticator;
    private final boolean hasCredentials;

    private ChannelHandlerContext ctx;
    private Phase phase = Phase.OPTIONS;
    private Pending pending;
    private int cseq;
    private Set<String> publicMethods = Set.of();
    private SdpMedia media;
    private URI aggregateControl;
    private String session;
    private int sessionTimeoutSeconds = DEFAULT_SESSION_TIMEOUT_SECONDS;
    private int rtpChannel = 0;
    private SdpMedia audio;
    private int audioChannel = -1;
    private String interleaved = "0-1";
    private volatile RtspTransport transport;
    private boolean transportFellBack;
    private UdpReceiver udp;
    private long lastRtpNanos;
    private ScheduledFuture<?> responseTimer;
    private ScheduledFuture<?> keepaliveTimer;
    private ScheduledFuture<?> stallTimer;
    private ScheduledFuture<?> reportTimer;
    private RtcpReporter reporter;
    private boolean done;

    RtspClientHandler(URI url, Credentials credentials, RtspClientOptions options, RtspSessionListener listener,
                      Consumer<String> redirect) {
        this.url = url;
        this.options = options;
        this.listener = listener;
        this.redirect = redirect;
        this.authenticator = new Authenticator(credentials);
        this.hasCredentials = credentials != null;
        this.transport = options.transport();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (done) {
            ctx.close(); // closed while connecting
            return;
        }
        send("OPTIONS", url.toString(), false);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof InterleavedPacket packet) {
            try {
                if (!done && phase == Phase.PLAYING && packet.channel() == rtpChannel) {
                    lastRtpNanos = System.nanoTime();
                    rtp(packet);
                } else if (!done && phase == Phase.PLAYING && audio != null && packet.channel() == audioChannel) {
                    audioRtp(packet);
                } else if (!done && reporter != null && packet.channel() == rtpChannel + 1) {
                    reporter.rtcp(packet.content(), System.nanoTime());
                }
                // RTCP (the odd channel) and packets before PLAY's answer are not needed.
            } finally {
                packet.release();
            }
        } else if (msg instanceof RtspResponse response) {
            if (!done) {
                response(response);
            }
        } else if (msg instanceof RtspServerRequest request) {
            log.debug("ignoring {} from the server", request.method());
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void rtp(InterleavedPacket packet) {
        RtpParse parsed = RtpPacket.parse(packet.content());
        if (parsed instanceof RtpPacket rtp) {
            try {
                if (reporter != null) {
                    reporter.received(rtp, lastRtpNanos);
                }
                listener.rtp(rtp);
            } finally {
                rtp.release();
            }
        } else if (parsed instanceof RtpParse.Malformed malformed) {
            listener.malformedRtp(malformed.reason());
        }
    }

    private void audioRtp(InterleavedPacket packet) {
        if (RtpPacket.parse(packet.content()) instanceof RtpPacket rtp) {
            try {
                listener.audioRtp(rtp);
            } finally {
                rtp.release();
            }
        } // a malformed audio packet is dropped: the video decides whether the session is healthy
    }

    private void response(RtspResponse r) {
        if (pending == null || r.cseq() != pending.cseq()) {
            log.debug("ignoring a response to CSeq {} that we no longer wait for", r.cseq());
            return;
        }
        Pending request = pending;
        pending = null;
        cancel(responseTimer);
        if (r.status() == 401) {
            if (!request.withFreshChallenge() && authenticator.challenge(r.headers().getAll("WWW-Authenticate"))) {
                send(request.method(), request.uri(), true);
            } else {
                fail(FailureReason.AUTH_FAILED, request.method() + " answered 401 "
                        + (hasCredentials ? "to our credentials" : "and no credentials are configured"));
            }
            return;
        }
        if (r.status() >= 300 && r.status() < 400 && r.headers().get("Location") != null) {
            done = true;
            cancelTimers();
            ctx.close();
            redirect.accept(r.headers().get("Location"));
            return;
        }
        if ((r.status() < 200 || r.status() >= 300) && phase == Phase.PLAYING) {
            // A refused keepalive is not a broken session: some cameras reject GET_PARAMETER; use OPTIONS then.
            log.debug("keepalive {} answered {}", request.method(), r.status());
            if (request.method().equals("GET_PARAMETER")) {
                publicMethods = Set.of();
            }
            return;
        }
        if (r.status() == UNSUPPORTED_TRANSPORT && phase == Phase.SETUP && !transportFellBack) {
            transportFellBack = true;
            log.info("{}: {} transport refused (461), trying {}", Redaction.url(url), transport, transport.other());
            transport = transport.other();
            setupVideo();
            return;
        }
        if ((r.status() < 200 || r.status() >= 300) && phase == Phase.SETUP_AUDIO) {
            log.info("{}: audio SETUP answered {}, playing video only", Redaction.url(url), r.status());
            audio = null;
            phase = Phase.PLAY;
            send("PLAY", aggregateControl.toString(), false);
            return;
        }
        if (r.status() < 200 || r.status() >= 300) {
            fail(RtspFailure.ofStatus(r.status(), r.reason(), request.method()));
            return;
        }
        switch (request.method()) {
            case "OPTIONS" -> options(r);
            case "DESCRIBE" -> describe(r);
            case "SETUP" -> setup(r);
            case "PLAY" -> play();
            default -> { } // keepalive answered
        }
    }

    private void options(RtspResponse r) {
        String methods = r.headers().get("Public", "");
        publicMethods = java.util.Arrays.stream(methods.split(","))
                .map(m -> m.trim().toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
        if (phase == Phase.OPTIONS) {
            phase = Phase.DESCRIBE;
            send("DESCRIBE", url.toString(), false);
        }
    }

    private void describe(RtspResponse r) {
        // RFC 2326 C.1.1: relative controls resolve against Content-Base, else Content-Location, else the URL.
        String baseHeader = r.headers().get("Content-Base", r.headers().get("Content-Location"));
        Sdp sdp;
        try {
            URI base = baseHeader == null ? url : url.resolve(new URI(baseHeader.trim()));
            sdp = Sdp.parse(r.bodyText(), base);
            aggregateControl = sdp.control();
        } catch (SdpException | java.net.URISyntaxException e) {
            fail(FailureReason.PROTOCOL_ERROR, "bad SDP: " + e.getMessage());
            return;
        }
        media = sdp.firstVideo(CODECS).orElse(null);
        if (media == null) {
            String offered = sdp.media().stream().map(m -> m.type() + "/" + m.encoding()).collect(Collectors.joining(","));
            fail(FailureReason.PROTOCOL_ERROR, "no H.264 or H.265 video in the SDP (offered: " + offered + ")");
            return;
        }
        String donDiff = media.fmtp().get("sprop-max-don-diff");
        if (donDiff != null && !donDiff.equals("0")) {
            fail(FailureReason.PROTOCOL_ERROR, "H.265 with decoding order numbers is not supported");
            return;
        }
        audio = sdp.media().stream().filter(AudioFormats::supported).findFirst().orElse(null);
        phase = Phase.SETUP;
        setupVideo();
    }

    /** The transport in force (the preferred one until a 461 made us switch). */
    RtspTransport transport() {
        return transport;
    }

    /** SETUP of the video over the transport in force; UDP first binds our pair of ports. */
    private void setupVideo() {
        if (transport == RtspTransport.UDP && udp == null) {
            try {
                InetAddress local = ((InetSocketAddress) ctx.channel().localAddress()).getAddress();
                udp = new UdpReceiver(ctx.channel().eventLoop(), local, this::udpRtp, this::udpRtcp,
                        reason -> listener.malformedRtp(reason));
            } catch (IOException e) {
                log.warn("{}: no UDP ports ({}), using TCP", Redaction.url(url), e.getMessage());
                transport = RtspTransport.TCP;
            }
        }
        if (transport == RtspTransport.TCP && udp != null) {
            udp.close();
            udp = null;
        }
        send("SETUP", media.control().toString(), false);
    }

    private void udpRtp(RtpPacket packet) {
        if (done || phase != Phase.PLAYING) {
            return;
        }
        lastRtpNanos = System.nanoTime();
        if (reporter != null) {
            reporter.received(packet, lastRtpNanos);
        }
        listener.rtp(packet);
    }

    private void udpRtcp(io.netty.buffer.ByteBuf content, long arrivalNanos) {
        if (!done && reporter != null) {
            reporter.rtcp(content, arrivalNanos);
        }
    }

    private void setup(RtspResponse r) {
        if (phase == Phase.SETUP_AUDIO) {
            Matcher channels = INTERLEAVED.matcher(r.headers().get("Transport", ""));
            audioChannel = channels.find() ? Integer.parseInt(channels.group(1)) : 2;
            if (audioChannel == rtpChannel) {
                audio = null; // a server that puts both on one channel cannot be told apart; keep the video
            }
            phase = Phase.PLAY;
            send("PLAY", aggregateControl.toString(), false);
            return;
        }
        String sessionHeader = r.headers().get("Session");
        if (sessionHeader == null || sessionHeader.isBlank()) {
            fail(FailureReason.PROTOCOL_ERROR, "SETUP answered without a Session");
            return;
        }
        String[] parts = sessionHeader.split(";");
        session = parts[0].trim();
        Matcher timeout = TIMEOUT.matcher(sessionHeader);
        if (timeout.find()) {
            sessionTimeoutSeconds = Math.max(2, Integer.parseInt(timeout.group(1)));
        }
        Matcher channels = INTERLEAVED.matcher(r.headers().get("Transport", ""));
        if (transport == RtspTransport.TCP && channels.find()) {
            rtpChannel = Integer.parseInt(channels.group(1)); // the server may choose other channels
        }
        if (udp != null) {
            Matcher ports = SERVER_PORT.matcher(r.headers().get("Transport", ""));
            if (ports.find()) {
                int rtcpPort = ports.group(2) != null ? Integer.parseInt(ports.group(2))
                        : Integer.parseInt(ports.group(1)) + 1;
                InetAddress camera = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
                udp.cameraRtcp(new InetSocketAddress(camera, rtcpPort));
            }
            audio = null; // audio rides along on TCP only, for now
        }
        if (audio != null) {
            // RFC 2326 10.4: the second SETUP joins the session; its channels follow the video's pair.
            phase = Phase.SETUP_AUDIO;
            interleaved = (rtpChannel + 2) + "-" + (rtpChannel + 3);
            send("SETUP", audio.control().toString(), false);
            return;
        }
        phase = Phase.PLAY;
        send("PLAY", aggregateControl.toString(), false);
    }

    private void play() {
        phase = Phase.PLAYING;
        lastRtpNanos = System.nanoTime();
        long keepaliveMillis = sessionTimeoutSeconds * 1000L / 2;
        keepaliveTimer = ctx.executor().scheduleAtFixedRate(guarded(this::keepalive), keepaliveMillis, keepaliveMillis,
                TimeUnit.MILLISECONDS);
        long stallMillis = options.stallGap().toMillis();
        long checkMillis = Math.max(50, Math.min(1000, stallMillis / 4));
        reporter = new RtcpReporter(media.clockRate() > 0 ? media.clockRate() : 90_000);
        reportTimer = ctx.executor().scheduleAtFixedRate(guarded(this::report), RtcpReporter.INTERVAL_MILLIS,
                RtcpReporter.INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        stallTimer = ctx.executor().scheduleAtFixedRate(guarded(this::checkStall), checkMillis, checkMillis,
                TimeUnit.MILLISECONDS);
        listener.playing(media);
        if (audio != null && !done) {
            listener.playingAudio(audio);
        }
    }

    private void keepalive() {
        if (done || pending != null) {
            return; // a request is outstanding; its own timer guards the connection
        }
        send(publicMethods.contains("GET_PARAMETER") ? "GET_PARAMETER" : "OPTIONS", aggregateControl.toString(),
                false);
    }

    /** A receiver report on the RTCP channel of the video (RFC 2326 10.12: the odd channel of the pair). */
    private void report() {
        if (done || !reporter.hasSource() || !ctx.channel().isActive()) {
            return;
        }
        io.netty.buffer.ByteBuf report = reporter.report(ctx.alloc(), System.nanoTime());
        if (udp != null) {
            udp.sendRtcp(report); // to the camera's RTCP port (server_port + 1)
            return;
        }
        io.netty.buffer.ByteBuf framed = ctx.alloc().buffer(4 + report.readableBytes());
        framed.writeByte('$').writeByte(rtpChannel + 1).writeShort(report.readableBytes()).writeBytes(report);
        report.release();
        // Past the RTSP encoder, which takes only RTSP messages: the bytes go to the socket as they are.
        ctx.pipeline().firstContext().writeAndFlush(framed);
    }

    private void checkStall() {
        long silentNanos = System.nanoTime() - lastRtpNanos;
        if (!done && silentNanos > options.stallGap().toNanos()) {
            fail(FailureReason.STALLED, "no RTP for " + TimeUnit.NANOSECONDS.toMillis(silentNanos) + " ms");
        }
    }

    private void send(String method, String uri, boolean withFreshChallenge) {
        FullHttpRequest request = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, HttpMethod.valueOf(method), uri);
        request.headers().set(RtspHeaderNames.CSEQ, ++cseq);
        request.headers().set(RtspHeaderNames.USER_AGENT, options.userAgent());
        if (session != null) {
            request.headers().set(RtspHeaderNames.SESSION, session);
        }
        String authorization = authenticator.authorization(method, uri);
        if (authorization != null) {
            request.headers().set(RtspHeaderNames.AUTHORIZATION, authorization);
        }
        switch (method) {
            case "DESCRIBE" -> request.headers().set(RtspHeaderNames.ACCEPT, "application/sdp");
            case "SETUP" -> request.headers().set(RtspHeaderNames.TRANSPORT, udp != null && phase == Phase.SETUP
                    ? "RTP/AVP;unicast;client_port=" + udp.rtpPort() + "-" + (udp.rtpPort() + 1)
                    : "RTP/AVP/TCP;unicast;interleaved=" + interleaved);
            case "PLAY" -> request.headers().set(RtspHeaderNames.RANGE, "npt=0.000-");
            default -> { }
        }
        pending = new Pending(method, uri, cseq, withFreshChallenge);
        ctx.writeAndFlush(request).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        responseTimer = ctx.executor().schedule(guarded(() -> {
            if (!done && pending != null && pending.cseq() == cseq) {
                fail(FailureReason.UNREACHABLE, "no answer to " + method + " within "
                        + options.responseTimeout().toMillis() + " ms");
            }
        }), options.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
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
        if (session != null && ctx.channel().isActive()) {
            FullHttpRequest teardown = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, HttpMethod.valueOf("TEARDOWN"),
                    aggregateControl.toString());
            teardown.headers().set(RtspHeaderNames.CSEQ, ++cseq);
            teardown.headers().set(RtspHeaderNames.USER_AGENT, options.userAgent());
            teardown.headers().set(RtspHeaderNames.SESSION, session);
            String authorization = authenticator.authorization("TEARDOWN", aggregateControl.toString());
            if (authorization != null) {
                teardown.headers().set(RtspHeaderNames.AUTHORIZATION, authorization);
            }
            ctx.writeAndFlush(teardown).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
        return true;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done) {
            fail(FailureReason.UNREACHABLE, "connection closed by the camera during " + phase);
        }
        cancelTimers();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            fail(FailureReason.PROTOCOL_ERROR, "undecodable RTSP stream: "
                    + Redaction.redactText(String.valueOf(cause.getCause() != null ? cause.getCause().getMessage()
                    : cause.getMessage())));
        } else if (cause instanceof IOException) {
            fail(FailureReason.UNREACHABLE, "connection lost: " + Redaction.redactText(cause.getMessage()));
        } else {
            log.warn("unexpected error on the connection to {}", Redaction.url(url), cause);
            fail(FailureReason.PROTOCOL_ERROR, "internal error: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + Redaction.redactText(cause.getMessage())));
        }
    }

    private void fail(FailureReason reason, String detail) {
        fail(new RtspFailure(reason, detail));
    }

    /** The pipeline could not be built; the connection is closing. */
    void initFailed(Throwable cause) {
        log.warn("cannot set up the connection to {}", Redaction.url(url), cause);
        fail(FailureReason.PROTOCOL_ERROR, "internal error: " + cause.getClass().getSimpleName());
    }

    /** Timer tasks run outside the pipeline: an unexpected Throwable there must still end the session visibly. */
    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                exceptionCaught(ctx, t);
            }
        };
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
        cancel(responseTimer);
        cancel(keepaliveTimer);
        cancel(stallTimer);
        cancel(reportTimer);
        if (udp != null) { // the ports end with the session
            udp.close();
            udp = null;
        }
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
