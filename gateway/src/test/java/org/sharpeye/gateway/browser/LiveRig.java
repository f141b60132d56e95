package org.sharpeye.gateway.browser;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.sharpeye.camsim.CamSim;
import org.sharpeye.camsim.CamSimConfig;
import org.sharpeye.camsim.CameraSpec;
import org.sharpeye.camsim.ClipEncoder;
import org.sharpeye.gateway.Gateway;
import org.sharpeye.gateway.live.LiveAccess;
import org.sharpeye.gateway.live.LiveSources;
import org.sharpeye.gateway.live.LiveTokens;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.ingest.IngestOptions;
import org.sharpeye.ingest.SourceSpec;
import org.sharpeye.media.Codec;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * camsim cameras pulled by an in-process ingest and served by a gateway on 127.0.0.1 (random port), whose
 * classpath {@code webroot/} is the web-console jar: what a browser test plays from.
 */
final class LiveRig implements AutoCloseable {

    private final CamSim camsim;
    private final Ingest ingest;
    private final Vertx vertx;
    private final LiveSources sources;
    private final LiveAccess access;
    private final int port;
    private Gateway gateway;

    private LiveRig(CamSim camsim, Ingest ingest, Vertx vertx, LiveSources sources, LiveAccess access,
                    Gateway gateway) {
        this.camsim = camsim;
        this.ingest = ingest;
        this.vertx = vertx;
        this.sources = sources;
        this.access = access;
        this.gateway = gateway;
        this.port = gateway.port();
    }

    /**
     * Starts one camsim camera per id and codec, waits for their clips, and a gateway serving all of them. Each
     * camera listens on its own loopback address (127.0.0.1, .2, ...): cameras sharing a listener would share
     * the Hikvision paths too, and one would answer for the other.
     */
    static LiveRig start(Map<String, Codec> cameras) throws Exception {
        List<Map.Entry<String, Codec>> entries = List.copyOf(new java.util.TreeMap<>(cameras).entrySet());
        List<CameraSpec> specs = java.util.stream.IntStream.range(0, entries.size())
                .mapToObj(i -> camera(entries.get(i).getKey(), entries.get(i).getValue(), "127.0.0." + (i + 1)))
                .toList();
        CamSim camsim = CamSim.start(new CamSimConfig(specs, 0, CamSimConfig.DEFAULT_CLIP_CACHE_BYTES,
                new ClipEncoder(CamSimConfig.DEFAULT_CLIP_CACHE_BYTES)));
        Ingest ingest = null;
        Vertx vertx = null;
        try {
            // The fleet's clips first, so the browser's warm-up does not race camsim's encoder.
            camsim.sharedClipsReady().get(120, TimeUnit.SECONDS);
            ingest = Ingest.create(IngestOptions.defaults());
            Map<String, CameraSpec> byId = specs.stream().collect(Collectors.toMap(CameraSpec::id, Function.identity()));
            LiveSources sources = (id, profile) -> Future.succeededFuture(Optional.ofNullable(byId.get(id))
                    .map(c -> new SourceSpec(id + "/" + profile, camsim.url(id, profile), null, null, true)));
            vertx = Vertx.vertx();
            LiveAccess access = new LiveAccess(LiveTokens.random(), view -> { }, Clock.systemUTC());
            Gateway gateway = Gateway.create(vertx, ingest, sources, access, router -> { });
            gateway.listen("127.0.0.1", 0).await(10, TimeUnit.SECONDS);
            return new LiveRig(camsim, ingest, vertx, sources, access, gateway);
        } catch (Exception | Error e) {
            if (vertx != null) {
                vertx.close().await(10, TimeUnit.SECONDS);
            }
            if (ingest != null) {
                ingest.close();
            }
            camsim.close();
            throw e;
        }
    }

    /**
     * A Hikvision-like camera; an H.265 one has only its sub profile (640x360), which is all the tests play: encoding
     * camsim's 720p H.265 clip would take half a minute of the two shared cores.
     */
    private static CameraSpec camera(String id, Codec codec, String host) {
        CameraSpec spec = CameraSpec.hikvisionLike(id, "测试摄像机 " + id.substring(id.length() - 3), host, 0, codec);
        if (codec == Codec.H264) {
            return spec;
        }
        return new CameraSpec(id, spec.name(), host, 0, codec, Map.of("sub", spec.profiles().get("sub")), null, null,
                List.of());
    }

    /** {@code http://127.0.0.1:port}. */
    String origin() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Closes the gateway, which drops every viewer (WebSockets, HTTP-FLV responses), and serves again on the same
     * port with the same ingest, cameras and token key: what viewers see when the gateway process restarts.
     */
    void restartGateway() throws Exception {
        gateway.close().await(10, TimeUnit.SECONDS);
        gateway = Gateway.create(vertx, ingest, sources, access, router -> { });
        gateway.listen("127.0.0.1", port).await(10, TimeUnit.SECONDS);
    }

    /**
     * The player test page playing {@code /live/{cameraId}{pathAndQuery}} as {@code kind}, with a live token for the
     * camera appended to the query (a live URL needs one).
     */
    String playerPage(String kind, String cameraId, String pathAndQuery) {
        String src = "/live/" + cameraId + pathAndQuery + (pathAndQuery.contains("?") ? "&" : "?")
                + "token=" + access.tokens().issue(cameraId, "browser-test");
        return origin() + "/player-test.html?kind=" + kind + "&src="
                + java.net.URLEncoder.encode(src, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        try {
            gateway.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        } finally {
            ingest.close();
            camsim.close();
        }
    }
}
