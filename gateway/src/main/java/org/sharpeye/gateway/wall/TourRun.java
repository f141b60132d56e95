package org.sharpeye.gateway.wall;

import java.time.Instant;

/**
 * A tour running on a wall: on tile {@code tile}, or on the whole wall when {@code tile} is null (tile i then shows
 * camera (step + i) mod n). {@code step} counts the switches since the start.
 */
public record TourRun(String runId, String wallId, String tourId, Integer tile, long step, Instant startedAt) {
}
