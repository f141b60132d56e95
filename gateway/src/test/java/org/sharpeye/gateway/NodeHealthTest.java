package org.sharpeye.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.ingest.IngestOptions;
import org.sharpeye.ingest.probe.ProbeTarget;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraProfile;
import org.sharpeye.registry.CameraTier;
import org.sharpeye.registry.Credentials;
import org.sharpeye.registry.DeviceId;
import org.sharpeye.registry.PasswordHasher;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.SecretBox;
import org.sharpeye.registry.Site;
import org.sharpeye.registry.SiteKind;
import org.sharpeye.registry.StreamMode;
import org.sharpeye.registry.Vendor;
import org.sharpeye.registry.ViewingPolicy;
import org.sharpeye.registry.store.InMemoryStore;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which profile of each camera the prober gets: RTSP only, the main one first; other schemes are not probed. */
class NodeHealthTest {

    private static final String COUNTY = "341522";

    private Registry registry;
    private Ingest ingest;

    @BeforeEach
    void county() {
        registry = Registry.open(new InMemoryStore(), SecretBox.random(), ViewingPolicy.defaults(),
                new PasswordHasher(4), Clock.systemUTC());
        registry.createSite(new Site(COUNTY, "霍邱县", SiteKind.COUNTY, null, "34152200", 0), Actor.system());
        ingest = Ingest.create(IngestOptions.defaults());
    }

    @AfterEach
    void close() {
        ingest.close();
    }

    private void camera(int serial, String mainUrl, String subUrl) {
        String id = DeviceId.of("34152201", 0, 132, 0, serial);
        List<CameraProfile> profiles = subUrl == null ? List.of(new CameraProfile("main", mainUrl))
                : List.of(new CameraProfile("main", mainUrl), new CameraProfile("sub", subUrl));
        registry.createCamera(new Camera(id, "camera " + serial, COUNTY, CameraTier.CLASS_I, profiles,
                Vendor.OTHER, null, null, null, null, null, null, null, null, 30, List.of(), null, true,
                StreamMode.ON_DEMAND, 24, 0), new Credentials("admin", "p@ss:w/rd"), Actor.system());
    }

    @Test
    void onlyRtspProfilesAreProbedMainFirst() {
        camera(1, "rtsp://10.0.0.1/main", "rtsp://10.0.0.1/sub");
        camera(2, "rtmp://10.0.0.2/live/main", "rtsp://10.0.0.2/sub");
        camera(3, "http://10.0.0.3/live/main.flv", null);
        camera(4, "file:///srv/clips/gate.mp4", null);
        camera(5, "rtsps://10.0.0.5/main", "https://10.0.0.5/hls/sub.m3u8");
        // no healths are read to choose the targets; the node's health monitor is not needed here
        NodeHealth node = new NodeHealth(registry, null, ingest);
        Map<String, ProbeTarget> targets = node.probeTargets().stream()
                .collect(Collectors.toMap(t -> t.cameraId().substring(t.cameraId().length() - 4), t -> t));
        assertEquals(List.of("0001", "0002"), targets.keySet().stream().sorted().toList());
        assertEquals("main", targets.get("0001").profile());
        assertEquals("rtsp://10.0.0.1/main", targets.get("0001").url().toString());
        assertEquals("sub", targets.get("0002").profile(), "the RTSP sub stream stands in for an RTMP main");
        assertEquals("admin", targets.get("0002").credentials().username());
    }
}
