package org.sharpeye.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RelayMarkerTest {
    private static final byte[] KEY = "the-cluster-live-token-key-of-32-bytes".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-01-01T08:00:00Z");
    private static final String URI = "/live/34152201131320000001.flv?token=abc";
    private static final Map<String, String> LIVE = Map.of("n1", "http://10.0.0.1:8080", "n2", "http://10.0.0.2:8080");
    private final RelayMarker marker = new RelayMarker(KEY, Clock.fixed(NOW, ZoneOffset.UTC));

    private MultiMap marked(String relay, String viewer) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        marker.mark(h, relay, viewer, URI);
        return h;
    }

    @Test
    void theOwnerBelievesTheViewerALivePeerVouchesFor() {
        assertEquals(Optional.of("203.0.113.7:51234"), marker.viewer(marked("n2", "203.0.113.7:51234"), URI, LIVE));
    }

    @Test
    void aMarkFromANodeNotLiveOrWithoutSignatureIsIgnored() {
        assertTrue(marker.viewer(marked("n3", "203.0.113.7:51234"), URI, LIVE).isEmpty());
        MultiMap h = marked("n2", "203.0.113.7:51234");
        h.remove(RelayMarker.SIGNATURE);
        assertTrue(marker.viewer(h, URI, LIVE).isEmpty());
        h.set(RelayMarker.SIGNATURE, "not-a-signature");
        assertTrue(marker.viewer(h, URI, LIVE).isEmpty());
        assertTrue(marker.viewer(MultiMap.caseInsensitiveMultiMap(), URI, LIVE).isEmpty());
    }

    @Test
    void aForgedViewerRelayOrUriBreaksTheSignature() {
        MultiMap h = marked("n2", "203.0.113.7:51234");
        h.set(RelayMarker.VIEWER, "198.51.100.1:1");
        assertTrue(marker.viewer(h, URI, LIVE).isEmpty());
        h = marked("n2", "203.0.113.7:51234");
        h.set(RelayMarker.RELAYED_BY, "n1");
        assertTrue(marker.viewer(h, URI, LIVE).isEmpty());
        assertTrue(marker.viewer(marked("n2", "203.0.113.7:51234"), "/live/other.flv?token=abc", LIVE).isEmpty());
        RelayMarker otherKey = new RelayMarker("another-key-another-key-another-key!".getBytes(StandardCharsets.UTF_8),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertTrue(otherKey.viewer(marked("n2", "203.0.113.7:51234"), URI, LIVE).isEmpty());
    }

    @Test
    void anOldMarkIsNotBelievedAgain() {
        MultiMap h = marked("n2", "203.0.113.7:51234");
        RelayMarker later = new RelayMarker(KEY,
                Clock.fixed(NOW.plusSeconds(RelayMarker.MAX_AGE_SECONDS + 1), ZoneOffset.UTC));
        assertTrue(later.viewer(h, URI, LIVE).isEmpty());
        RelayMarker slightlyLater = new RelayMarker(KEY,
                Clock.fixed(NOW.plusSeconds(RelayMarker.MAX_AGE_SECONDS - 1), ZoneOffset.UTC));
        assertEquals(Optional.of("203.0.113.7:51234"), slightlyLater.viewer(h, URI, LIVE));
    }
}
