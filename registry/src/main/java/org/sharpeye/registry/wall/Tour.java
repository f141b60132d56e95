package org.sharpeye.registry.wall;

import java.time.Instant;
import java.util.List;

/**
 * A tour (轮巡) of a site: cameras shown in turn, each for {@code dwellSeconds} (at least
 * {@link #MIN_DWELL_SECONDS}), in {@code profile} (null: the wall's default). It runs on a wall tile or a whole wall
 * (see TourRun in the gateway).
 */
public record Tour(String id, String name, String siteId, List<String> cameraIds, int dwellSeconds, String profile,
        long version, String updatedBy, Instant updatedAt) {
    /** The shortest dwell: a camera needs time to show a picture and a person time to look at it. */
    public static final int MIN_DWELL_SECONDS = 3;
    /** The longest dwell, one hour. */
    public static final int MAX_DWELL_SECONDS = 3600;
    /** The fewest cameras a tour cycles through. */
    public static final int MIN_CAMERAS = 2;
    /** The most cameras of one tour. */
    public static final int MAX_CAMERAS = 1000;

    public Tour {
        cameraIds = List.copyOf(cameraIds);
    }

    /** The camera shown at {@code step} on the tile {@code offset} places after the tour's own. */
    public String cameraAt(long step, int offset) {
        return cameraIds.get((int) Math.floorMod(step + offset, (long) cameraIds.size()));
    }

    /** This tour as changed by {@code by} at {@code at}, at {@code newVersion}. */
    public Tour changed(long newVersion, String by, Instant at) {
        return new Tour(id, name, siteId, cameraIds, dwellSeconds, profile, newVersion, by, at);
    }
}
