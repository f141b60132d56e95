package org.sharpeye.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendezvousTest {
    private static final List<String> CAMERAS = new ArrayList<>();

    static {
        for (int i = 0; i < 3000; i++) {
            CAMERAS.add(String.format("3415220113132%07d", i));
        }
    }

    @Test
    void everyNodeGetsAFairShare() {
        Map<String, Integer> counts = new HashMap<>();
        for (String c : CAMERAS) {
            counts.merge(Rendezvous.owner(c, List.of("n1", "n2", "n3")), 1, Integer::sum);
        }
        assertEquals(3, counts.size());
        counts.values().forEach(n -> assertTrue(n > 850 && n < 1150, counts.toString()));
    }

    @Test
    void aNodeLeavingMovesOnlyItsOwnCamerasAndOrderDoesNotMatter() {
        for (String c : CAMERAS) {
            String before = Rendezvous.owner(c, List.of("n1", "n2", "n3"));
            assertEquals(before, Rendezvous.owner(c, List.of("n3", "n1", "n2")));
            String after = Rendezvous.owner(c, List.of("n1", "n2"));
            if (!before.equals("n3")) {
                assertEquals(before, after, c);
            }
        }
    }

    @Test
    void aNodeJoiningTakesOnlyWhatItWins() {
        int moved = 0;
        for (String c : CAMERAS) {
            String before = Rendezvous.owner(c, List.of("n1", "n2"));
            String after = Rendezvous.owner(c, List.of("n1", "n2", "n3"));
            if (!before.equals(after)) {
                assertEquals("n3", after);
                moved++;
            }
        }
        assertTrue(moved > 850 && moved < 1150, "moved " + moved);
    }

    @Test
    void noNodeNoOwner() {
        assertNull(Rendezvous.owner("x", List.of()));
    }
}
