package org.sharpeye.registry.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts each camera's status changes in a sliding window: more than {@code threshold} changes within
 * {@code window} make the camera flapping, until a whole window passes without a change. Health thread only.
 */
final class FlapDetector {
    private final int threshold;
    private final Duration window;
    private final Map<String, Deque<Instant>> changes = new HashMap<>();
    private final Map<String, Boolean> flapping = new HashMap<>();

    FlapDetector(int threshold, Duration window) {
        this.threshold = threshold;
        this.window = window;
    }

    /** Records a status change of {@code cameraId} at {@code at}; returns whether the camera is now flapping. */
    boolean changed(String cameraId, Instant at) {
        Deque<Instant> d = changes.computeIfAbsent(cameraId, k -> new ArrayDeque<>());
        d.addLast(at);
        trim(d, at);
        if (d.size() > threshold) {
            flapping.put(cameraId, true);
        }
        return isFlapping(cameraId, at);
    }

    /** Whether {@code cameraId} is flapping at {@code now} (it stops after a window without a change). */
    boolean isFlapping(String cameraId, Instant now) {
        if (!flapping.getOrDefault(cameraId, false)) {
            return false;
        }
        Deque<Instant> d = changes.get(cameraId);
        if (d == null || d.isEmpty() || !d.peekLast().plus(window).isAfter(now)) {
            flapping.remove(cameraId);
            return false;
        }
        return true;
    }

    /** The changes counted for {@code cameraId} in the window ending at {@code now}. */
    int count(String cameraId, Instant now) {
        Deque<Instant> d = changes.get(cameraId);
        if (d == null) {
            return 0;
        }
        trim(d, now);
        return d.size();
    }

    private void trim(Deque<Instant> d, Instant now) {
        Instant cutoff = now.minus(window);
        while (!d.isEmpty() && d.peekFirst().isBefore(cutoff)) {
            d.pollFirst();
        }
    }
}
