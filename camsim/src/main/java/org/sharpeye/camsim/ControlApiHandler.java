package org.sharpeye.camsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The control API (JSON): {@code GET /cameras}, {@code GET /cameras/{id}}, {@code PUT /cameras/{id}/fault},
 * {@code DELETE /cameras/{id}/fault}, {@code GET /stats}. Changes run on the admin thread, since moving a listener
 * blocks. Bad requests get 400 with a reason, unknown cameras 404.
 */
final class ControlApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ControlApiHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamSim sim;
    private final Executor admin;

    ControlApiHandler(CamSim sim, Executor admin) {
        this.sim = sim;
        this.admin = admin;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (req.decoderResult().isFailure()) {
            reply(ctx, false, HttpResponseStatus.BAD_REQUEST, error("malformed request"));
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        List<String> parts = List.of(path.replaceAll("^/+|/+$", "").split("/+"));
        HttpMethod m = req.method();
        try {
            if (m.equals(HttpMethod.GET) && path.equals("/stats")) {
                reply(ctx, keepAlive, HttpResponseStatus.OK, sim.stats().snapshot());
            } else if (m.equals(HttpMethod.GET) && parts.equals(List.of("cameras"))) {
                reply(ctx, keepAlive, HttpResponseStatus.OK,
                        sim.runningCameras().stream().map(this::view).toList());
            } else if (m.equals(HttpMethod.GET) && parts.size() == 2 && parts.get(0).equals("cameras")) {
                reply(ctx, keepAlive, HttpResponseStatus.OK, view(sim.camera(parts.get(1))));
            } else if (parts.size() == 3 && parts.get(0).equals("cameras") && parts.get(2).equals("fault")
                    && (m.equals(HttpMethod.PUT) || m.equals(HttpMethod.DELETE))) {
                String id = parts.get(1);
                sim.camera(id); // 404 before anything else
                FaultSpec fault = m.equals(HttpMethod.PUT) ? parseFault(req) : null;
                admin.execute(() -> change(ctx, keepAlive, id, fault));
            } else {
                reply(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, error("no route " + m + " " + path));
            }
        } catch (CamSim.UnknownCameraException e) {
            reply(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, error(e.getMessage()));
        } catch (IllegalArgumentException e) {
            reply(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, error(e.getMessage()));
        }
    }

    private void change(ChannelHandlerContext ctx, boolean keepAlive, String id, FaultSpec fault) {
        try {
            if (fault == null) {
                sim.clearFaults(id);
            } else {
                sim.setFault(id, fault);
            }
            reply(ctx, keepAlive, HttpResponseStatus.OK, view(sim.camera(id)));
        } catch (IllegalArgumentException e) {
            reply(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, error(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("fault change on camera {} failed", id, e);
            reply(ctx, keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR, error(e.toString()));
        }
    }

    /** Reads {@code {"fault":"stall","profile":"main|sub|all","delayMs":5000}}. */
    static FaultSpec parseFault(FullHttpRequest req) {
        JsonNode body;
        try {
            body = JSON.readTree(req.content().toString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("body is not JSON");
        }
        if (body == null || !body.isObject() || !body.path("fault").isTextual()) {
            throw new IllegalArgumentException("body must be {\"fault\": \"...\", \"profile\": \"main|sub|all\"}");
        }
        String profile = body.path("profile").asText("all");
        if (!List.of("main", "sub", "all").contains(profile)) {
            throw new IllegalArgumentException("profile must be main, sub or all");
        }
        JsonNode delay = body.path("delayMs");
        if (!delay.isMissingNode() && !delay.canConvertToLong()) {
            throw new IllegalArgumentException("delayMs must be a number");
        }
        return new FaultSpec(Fault.parse(body.get("fault").asText()), profile, delay.asLong(0));
    }

    private Map<String, Object> view(Camera c) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", c.id());
        v.put("name", c.spec.name());
        v.put("codec", c.spec.codec().name());
        v.put("authenticated", c.spec.authenticated());
        Map<String, Object> profiles = new LinkedHashMap<>();
        for (Mount m : c.mounts.values()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("url", sim.url(c.id(), m.profile));
            p.put("width", m.spec.format().width());
            p.put("height", m.spec.format().height());
            p.put("fps", m.spec.format().fps());
            FaultSpec f = c.fault(m.profile);
            p.put("fault", f == null ? null : f.fault().wireName());
            if (f != null && f.fault() == Fault.SLOW) {
                p.put("delayMs", f.delayMs());
            }
            p.put("playingSessions", m.playingSessions());
            p.put("sessionsOpened", m.sessionsOpened());
            p.put("ownClip", m.playingOwnClip());
            p.put("framesSkipped", m.framesSkipped());
            p.put("ticksLate", m.ticksLate());
            profiles.put(m.profile, p);
        }
        v.put("profiles", profiles);
        return v;
    }

    private static Map<String, Object> error(String reason) {
        return Map.of("error", reason == null ? "bad request" : reason);
    }

    private static void reply(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            bytes = "{\"error\":\"cannot render\"}".getBytes(StandardCharsets.UTF_8);
            status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("control connection failed: {}", cause.toString());
        ctx.close();
    }
}
