package org.sharpeye.gateway;

import org.sharpeye.gateway.live.LiveAccess;
import org.sharpeye.gateway.live.RegistryLiveSources;
import org.sharpeye.gateway.metrics.CameraCount;
import org.sharpeye.gateway.metrics.MetricsSources;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.ingest.SourceState;
import org.sharpeye.ingest.SourceStatus;
import org.sharpeye.ingest.StreamFigures;
import org.sharpeye.ingest.picture.PictureTarget;
import org.sharpeye.ingest.probe.ProbeTarget;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraProfile;
import org.sharpeye.registry.CameraQuery;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.Role;
import org.sharpeye.registry.Site;
import org.sharpeye.registry.User;
import org.sharpeye.registry.health.Alert;
import org.sharpeye.registry.health.CameraHealth;
import org.sharpeye.registry.health.HealthMonitor;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the node's health machinery looks at, drawn from the registry and ingest: the cameras to probe (each enabled
 * camera's main RTSP profile, unless it is being pulled; cameras without one are judged only while pulled), the streams whose pictures to check (the profiles playing),
 * and the figures of /metrics.
 */
final class NodeHealth {

    /** The identity the node uses to read every alert for its own figures. */
    private static final User SYSTEM = new User("system", Role.ADMIN, null, true, 0);

    private final Registry registry;
    private final HealthMonitor health;
    private final Ingest ingest;
    private final RegistryLiveSources sources;

    NodeHealth(Registry registry, HealthMonitor health, Ingest ingest) {
        this.registry = registry;
        this.health = health;
        this.ingest = ingest;
        this.sources = new RegistryLiveSources(registry);
    }

    private List<Camera> cameras() {
        return registry.cameras(null, CameraQuery.all(Integer.MAX_VALUE)).items();
    }

    /**
     * Each enabled camera's main profile (a camera answers DESCRIBE for all its profiles or for none), or its first
     * rtsp:// profile when the main one is not RTSP. A camera without an rtsp:// profile (rtmp, http(s), file, or
     * rtsps, which the prober does not speak) is not probed: OPTIONS and DESCRIBE would only earn it a
     * PROTOCOL_ERROR. It is judged from its frames while it is pulled, and keeps its last status otherwise.
     */
    List<ProbeTarget> probeTargets() {
        List<ProbeTarget> targets = new ArrayList<>();
        for (Camera c : cameras()) {
            if (!c.enabled()) {
                continue;
            }
            c.profile(CameraProfile.MAIN).filter(NodeHealth::probeable)
                    .or(() -> c.profiles().stream().filter(NodeHealth::probeable).findFirst()).ifPresent(p -> {
                org.sharpeye.ingest.rtsp.Credentials cred = registry.credentials(c.id())
                        .map(k -> new org.sharpeye.ingest.rtsp.Credentials(k.username(), k.password())).orElse(null);
                targets.add(new ProbeTarget(c.id(), p.name(), URI.create(p.url()), cred));
            });
        }
        return targets;
    }

    /** The prober speaks plain RTSP only. */
    static boolean probeable(CameraProfile p) {
        return p.url() != null && p.url().regionMatches(true, 0, "rtsp://", 0, 7);
    }

    /** A camera being pulled is judged from its frames, not probed. */
    boolean watched(ProbeTarget t) {
        Camera c = registry.camera(t.cameraId()).orElse(null);
        return c != null && c.profiles().stream().anyMatch(p -> pulled(c.id() + "/" + p.name()));
    }

    private boolean pulled(String path) {
        SourceStatus s = ingest.status(path);
        return s != null && (s.state() == SourceState.PLAYING || s.state() == SourceState.CONNECTING);
    }

    /** The profiles playing now, whose keyframes the picture checks decode. */
    List<PictureTarget> pictureTargets() {
        List<PictureTarget> targets = new ArrayList<>();
        for (Camera c : cameras()) {
            for (CameraProfile p : c.profiles()) {
                SourceStatus s = ingest.status(c.id() + "/" + p.name());
                if (s != null && s.state() == SourceState.PLAYING) {
                    sources.spec(c.id(), p.name()).map(ingest::stream)
                            .ifPresent(stream -> targets.add(new PictureTarget(c.id(), p.name(), stream)));
                }
            }
        }
        return targets;
    }

    /** The figures of /metrics. */
    MetricsSources metrics(LiveAccess access) {
        return MetricsSources.none()
                .withCameras(this::cameraCounts)
                .withAlertsOpen(this::openAlertsByKind)
                .withStreams(this::streamFigures)
                .withViewers(access::openViewsByOutput);
    }

    private List<CameraCount> cameraCounts() {
        Map<List<String>, Long> counts = new HashMap<>();
        for (Camera c : cameras()) {
            CameraHealth h = health.health(c.id());
            String level = registry.site(c.siteId()).map(Site::kind).map(Enum::name).orElse("UNKNOWN");
            counts.merge(List.of(h.status().name(), h.reason() == null ? "" : h.reason().name(), c.tier().name(),
                    level), 1L, Long::sum);
        }
        List<CameraCount> out = new ArrayList<>();
        counts.forEach((k, n) -> out.add(new CameraCount(k.get(0), k.get(1), k.get(2), k.get(3), n)));
        return out;
    }

    private Map<String, Long> openAlertsByKind() {
        Map<String, Long> counts = new TreeMap<>();
        for (Alert a : health.alerts(SYSTEM, null, null, null)) {
            if (a.state().active()) {
                counts.merge(a.kind().name(), 1L, Long::sum);
            }
        }
        return counts;
    }

    private List<StreamFigures> streamFigures() {
        List<StreamFigures> out = new ArrayList<>();
        for (Camera c : cameras()) {
            for (CameraProfile p : c.profiles()) {
                StreamFigures f = ingest.figures(c.id() + "/" + p.name());
                if (f != null) {
                    out.add(f);
                }
            }
        }
        return out;
    }
}
