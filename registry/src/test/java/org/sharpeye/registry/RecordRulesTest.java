package org.sharpeye.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The camera profile URL rule: the schemes ingest pulls, a host (a path for file:), never credentials. */
class RecordRulesTest {

    private static final SiteTree TREE = SiteTree.of(List.of(
            new Site("341522", "霍邱县", SiteKind.COUNTY, null, "34152200", 0)));

    private static List<FieldError> urlErrors(String url) {
        Camera c = TestRegistries.camera("341522", 1, CameraTier.CLASS_I)
                .withProfiles(List.of(new CameraProfile("main", url)));
        return RecordRules.camera(c, TREE).stream().filter(e -> e.field().equals("profiles[0].url")).toList();
    }

    @Test
    void everySchemeIngestPullsIsAccepted() {
        for (String url : List.of("rtsp://10.0.0.1/Streaming/Channels/101", "rtsps://cam.example:322/live",
                "rtmp://10.0.0.1/live/cam1", "rtmps://media.example/live/cam1", "http://10.0.0.1:8080/live/cam1.flv",
                "https://media.example/hls/cam1/index.m3u8?token=abc", "file:///srv/clips/gate.mp4",
                "file:/srv/clips/gate.ts")) {
            assertEquals(List.of(), urlErrors(url), url);
        }
    }

    @Test
    void credentialsInAnyUrlAreRefusedWithoutEchoingThem() {
        for (String url : List.of("rtmp://admin:pw@10.0.0.1/live/x", "http://admin:pw@10.0.0.1/x.flv",
                "https://admin@media.example/x.m3u8", "rtsp://admin:pw@10.0.0.1/x")) {
            List<FieldError> errors = urlErrors(url);
            assertEquals(1, errors.size(), url);
            assertTrue(errors.get(0).reason().contains("credentials"), errors.get(0).reason());
            assertFalse(errors.get(0).reason().contains("pw"), "the password is not echoed");
        }
    }

    @Test
    void otherSchemesAndMissingHostsOrPathsAreRefused() {
        assertEquals("must be an rtsp(s)://, rtmp(s)://, http(s):// or file: URL",
                urlErrors("ftp://10.0.0.1/x.mp4").get(0).reason());
        assertEquals(1, urlErrors("udp://239.0.0.1:1234").size());
        assertEquals(1, urlErrors("/srv/clips/gate.mp4").size(), "a bare path has no scheme");
        assertEquals("has no host", urlErrors("rtmp:///live/x").get(0).reason());
        assertEquals("has no host", urlErrors("http:///x.flv").get(0).reason());
        for (String url : List.of("file:gate.mp4", "file://otherhost/srv/x.mp4", "file:///srv/x.mp4?x=1",
                "file:///srv/clips/", "file:///srv/../etc/passwd", "file:///")) {
            assertEquals(1, urlErrors(url).size(), url);
        }
        assertEquals("is not a URL", urlErrors("http://bad host/x").get(0).reason());
    }
}
