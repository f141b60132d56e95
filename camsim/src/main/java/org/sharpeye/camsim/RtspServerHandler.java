package org.sharpeye.camsim;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One RTSP connection to a camera (RFC 2326): answers OPTIONS, DESCRIBE, SETUP (TCP interleaved only), PLAY,
 * GET_PARAMETER and TEARDOWN, with Digest authentication and the camera's faults applied. Requests arrive
 * aggregated and are released here.
 */
final class RtspServerHandler extends SimpleChannelInboundHandler<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(RtspServerHandler.class);
    private static final String PUBLIC = "OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN";

    private final RtspServer server;
    private final CamSimStats stats;
    private final Map<String, RtspSession> sessions = new HashMap<>();
    private final Set<Camera> cameras = new HashSet<>();
    private ChannelHandlerContext ctx;
    private DigestAuth auth;
    /** Responses never overtake each other, even when the slow fault comes and goes. */
    private long nextWriteNanos;

    RtspServerHandler(RtspServer server, CamSimStats stats) {
        super(true);
        this.server = server;
        this.stats = stats;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        stats.connections.incrementAndGet();
        if (server.dedicated()) {
            Camera c = server.cameras.get(0);
            cameras.add(c);
            c.connected(ctx.channel());
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stats.connections.decrementAndGet();
        for (RtspSession s : sessions.values()) {
            s.playing = false;
            s.mount.stop(s);
        }
        sessions.clear();
        for (Camera c : cameras) {
            c.disconnected(ctx.channel());
        }
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            LOG.debug("closing idle RTSP connection {}", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("RTSP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg == InterleavedFrameDecoder.TOO_LARGE) {
            badRequest(null, "request too large");
        } else if (msg instanceof FullHttpRequest req) {
            if (req.decoderResult().isFailure()) {
                badRequest(req.headers().get(RtspHeaderNames.CSEQ), String.valueOf(req.decoderResult().cause()));
            } else {
                handle(req);
            }
        } else {
            LOG.debug("ignoring {}", msg.getClass().getSimpleName());
        }
    }

    private void badRequest(String cseq, String reason) {
        stats.badRequests.incrementAndGet();
        LOG.debug("bad RTSP request from {}: {}", ctx.channel().remoteAddress(), reason);
        RtspReply r = new RtspReply(cseq, RtspResponseStatuses.BAD_REQUEST);
        r.closeAfter = true;
        send(r, 0);
    }

    private void handle(FullHttpRequest req) {
        String cseq = req.headers().get(RtspHeaderNames.CSEQ);
        if (cseq == null || cseq.isBlank()) {
            badRequest(null, "no CSeq");
            return;
        }
        HttpMethod method = req.method();
        String uri = req.uri();
        String sessionId = sessionId(req.headers().get(RtspHeaderNames.SESSION));
        RtspSession session = sessionId == null ? null : sessions.get(sessionId);
        Mount mount = server.route(uri);
        if (mount == null && session != null) {
            mount = session.mount;
        }
        Camera camera = mount != null ? mount.camera : server.dedicated() ? server.cameras.get(0) : null;
        if (camera != null && cameras.add(camera)) {
            camera.connected(ctx.channel());
        }
        if (mount != null) {
            camera.touched(ctx.channel(), mount.profile);
        }
        FaultSpec fault = camera == null ? null : faultOf(camera, mount);
        Fault kind = fault == null ? null : fault.fault();
        long delay = kind == Fault.SLOW ? TimeUnit.MILLISECONDS.toNanos(fault.delayMs()) : 0;
        if (kind == Fault.GONE) {
            return; // a vanished camera answers nothing
        }
        if (kind == Fault.REFUSE) {
            reset();
            return;
        }
        if (kind == Fault.UNAUTHORIZED) {
            send(unauthorized(cseq, camera), delay);
            return;
        }
        if (method.equals(RtspMethods.OPTIONS)) {
            RtspReply r = new RtspReply(cseq, RtspResponseStatuses.OK);
            r.headers.put("Public", PUBLIC);
            send(r, delay);
            return;
        }
        if (camera == null) {
            send(new RtspReply(cseq, RtspResponseStatuses.NOT_FOUND), delay);
            return;
        }
        if (camera.spec.authenticated() && !authorized(req, camera)) {
            send(unauthorized(cseq, camera), delay);
            return;
        }
        if (method.equals(RtspMethods.DESCRIBE)) {
            describe(cseq, uri, mount, kind, delay);
        } else if (method.equals(RtspMethods.SETUP)) {
            setup(cseq, uri, mount, sessionId, session, req.headers().get(RtspHeaderNames.TRANSPORT), kind, delay);
        } else if (method.equals(RtspMethods.PLAY)) {
            play(cseq, session, kind, delay);
        } else if (method.equals(RtspMethods.GET_PARAMETER) || method.equals(RtspMethods.SET_PARAMETER)) {
            sessionRtspReply(cseq, sessionId, session, delay);
        } else if (method.equals(RtspMethods.TEARDOWN)) {
            teardown(cseq, sessionId, session, delay);
        } else {
            RtspReply r = new RtspReply(cseq, RtspResponseStatuses.NOT_IMPLEMENTED);
            r.headers.put("Public", PUBLIC);
            send(r, delay);
        }
    }

    /** The fault for the addressed profile; without one, only a fault on every profile counts. */
    private static FaultSpec faultOf(Camera camera, Mount mount) {
        if (mount != null) {
            return camera.fault(mount.profile);
        }
        for (String p : camera.mounts.keySet()) {
            FaultSpec f = camera.fault(p);
            if (f != null && f.profile() == null) {
                return f;
            }
        }
        return null;
    }

    private void describe(String cseq, String uri, Mount mount, Fault kind, long delay) {
        if (mount == null || kind == Fault.NOT_FOUND) {
            send(new RtspReply(cseq, RtspResponseStatuses.NOT_FOUND), delay);
            return;
        }
        if (kind == Fault.UNAVAILABLE) {
            send(new RtspReply(cseq, RtspResponseStatuses.SERVICE_UNAVAILABLE), delay);
            return;
        }
        String base = uri.endsWith("/") ? uri : uri + "/";
        mount.describeClip().whenComplete((clip, error) -> ctx.executor().execute(() -> {
            if (error != null) {
                LOG.warn("camera {} {}: clip failed", mount.camera.id(), mount.profile, error);
                send(new RtspReply(cseq, RtspResponseStatuses.SERVICE_UNAVAILABLE), delay);
                return;
            }
            RtspReply r = new RtspReply(cseq, RtspResponseStatuses.OK);
            r.headers.put("Content-Base", base);
            r.headers.put("Content-Type", "application/sdp");
            r.body = SessionDescription.of(clip.parameters(), mount.camera.spec.name(), mount.ssrc() & 0xffffffffL);
            send(r, delay);
        }));
    }

    private void setup(String cseq, String uri, Mount mount, String sessionId, RtspSession session,
                       String transport, Fault kind, long delay) {
        if (mount == null) {
            send(new RtspReply(cseq, RtspResponseStatuses.NOT_FOUND), delay);
            return;
        }
        if (kind == Fault.UNAVAILABLE) {
            send(new RtspReply(cseq, RtspResponseStatuses.SERVICE_UNAVAILABLE), delay);
            return;
        }
        if (sessionId != null && session == null) {
            send(new RtspReply(cseq, RtspResponseStatuses.SESSION_NOT_FOUND), delay);
            return;
        }
        if (session != null && (session.playing || session.mount != mount)) {
            // RFC 2326 10.4: changing transport while playing, or aggregating another stream, is not supported.
            send(new RtspReply(cseq, RtspResponseStatuses.METHOD_NOT_VALID), delay);
            return;
        }
        int[] channels = InterleavedTransport.tcpChannels(transport, 2 * sessions.size());
        if (channels == null) {
            // UDP only: 461 lets the client retry over TCP.
            send(new RtspReply(cseq, RtspResponseStatuses.UNSUPPORTED_TRANSPORT), delay);
            return;
        }
        if (session == null) {
            session = new RtspSession(ctx.channel(), mount, channels[0], uri);
            sessions.put(session.id, session);
            mount.sessionOpened();
        } else {
            session.rtpChannel = channels[0];
        }
        mount.prepare(Picture.LIVE); // start encoding now if DESCRIBE was skipped
        RtspReply r = new RtspReply(cseq, RtspResponseStatuses.OK);
        r.headers.put("Transport", "RTP/AVP/TCP;unicast;interleaved=" + channels[0] + "-" + channels[1]
                + ";ssrc=" + String.format("%08X", mount.ssrc()));
        r.headers.put("Session", session.id + ";timeout=" + RtspSession.TIMEOUT_SECONDS);
        send(r, delay);
    }

    private void play(String cseq, RtspSession session, Fault kind, long delay) {
        if (session == null) {
            send(new RtspReply(cseq, RtspResponseStatuses.SESSION_NOT_FOUND), delay);
            return;
        }
        if (kind == Fault.UNAVAILABLE) {
            send(new RtspReply(cseq, RtspResponseStatuses.SERVICE_UNAVAILABLE), delay);
            return;
        }
        Mount mount = session.mount;
        RtspReply r = new RtspReply(cseq, RtspResponseStatuses.OK);
        r.headers.put("Session", session.id + ";timeout=" + RtspSession.TIMEOUT_SECONDS);
        r.headers.put("Range", "npt=0.000-");
        r.headers.put("RTP-Info", "url=" + session.controlUri + ";seq=" + mount.nextSequence() + ";rtptime="
                + mount.nextTimestamp());
        boolean wasPlaying = session.playing;
        session.playing = true;
        r.afterWrite = () -> {
            if (kind == Fault.CLOSE) {
                ctx.close();
            } else if (!wasPlaying) {
                mount.play(session);
            }
        };
        send(r, delay);
    }

    private void sessionRtspReply(String cseq, String sessionId, RtspSession session, long delay) {
        if (sessionId != null && session == null) {
            send(new RtspReply(cseq, RtspResponseStatuses.SESSION_NOT_FOUND), delay);
            return;
        }
        RtspReply r = new RtspReply(cseq, RtspResponseStatuses.OK);
        if (session != null) {
            r.headers.put("Session", session.id + ";timeout=" + RtspSession.TIMEOUT_SECONDS);
        }
        send(r, delay);
    }

    private void teardown(String cseq, String sessionId, RtspSession session, long delay) {
        if (session == null) {
            send(new RtspReply(cseq, RtspResponseStatuses.SESSION_NOT_FOUND), delay);
            return;
        }
        sessions.remove(sessionId);
        session.playing = false;
        session.mount.stop(session);
        send(new RtspReply(cseq, RtspResponseStatuses.OK), delay);
    }

    private boolean authorized(FullHttpRequest req, Camera camera) {
        if (auth == null) {
            return false;
        }
        return auth.verify(req.headers().get(RtspHeaderNames.AUTHORIZATION), req.method().name(),
                camera.spec.username(), camera.spec.password());
    }

    private RtspReply unauthorized(String cseq, Camera camera) {
        if (auth == null) {
            auth = new DigestAuth(CameraSpec.REALM);
        }
        RtspReply r = new RtspReply(cseq, RtspResponseStatuses.UNAUTHORIZED);
        r.headers.put("WWW-Authenticate", auth.challenge());
        return r;
    }

    /** Closes the connection with a TCP reset (SO_LINGER 0), as a host that refuses us would. */
    private void reset() {
        ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        ctx.close();
    }

    static String sessionId(String header) {
        if (header == null) {
            return null;
        }
        int semi = header.indexOf(';');
        String id = (semi < 0 ? header : header.substring(0, semi)).trim();
        return id.isEmpty() ? null : id;
    }

    /** Writes a reply now or, under the slow fault, after the delay; never before an earlier reply. */
    private void send(RtspReply reply, long delayNanos) {
        long now = System.nanoTime();
        long at = Math.max(now + delayNanos, nextWriteNanos);
        nextWriteNanos = at;
        if (at <= now) {
            write(reply);
        } else {
            ctx.executor().schedule(() -> write(reply), at - now, TimeUnit.NANOSECONDS);
        }
    }

    private void write(RtspReply reply) {
        if (!ctx.channel().isActive()) {
            return;
        }
        FullHttpResponse res = reply.toResponse();
        ctx.writeAndFlush(res).addListener((ChannelFutureListener) f -> {
            if (reply.closeAfter) {
                f.channel().close();
            } else if (reply.afterWrite != null && f.isSuccess()) {
                reply.afterWrite.run();
            }
        });
    }
}
