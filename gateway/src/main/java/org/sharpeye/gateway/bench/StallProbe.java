package org.sharpeye.gateway.bench;

/**
 * What the machine takes from a running thread: one thread reads the clock in a loop for a while, and every gap
 * between two reads longer than a threshold is time the thread did not run (the hypervisor took its vCPU, or the
 * kernel ran something else). Any frame a thread is carrying during such a gap is late by the rest of the gap.
 */
final class StallProbe {

    private static final long[] THRESHOLDS_NANOS = {1_000_000, 2_000_000, 5_000_000};

    private StallProbe() {
    }

    /** Spins for {@code seconds} on the calling thread; prints one table row per threshold. */
    static void run(int seconds) {
        long duration = seconds * 1_000_000_000L;
        long[] count = new long[THRESHOLDS_NANOS.length];
        long[] lost = new long[THRESHOLDS_NANOS.length];
        long longest = 0;
        long start = System.nanoTime();
        long last = start;
        long now;
        do {
            now = System.nanoTime();
            long gap = now - last;
            for (int i = 0; i < THRESHOLDS_NANOS.length; i++) {
                if (gap > THRESHOLDS_NANOS[i]) {
                    count[i]++;
                    lost[i] += gap;
                }
            }
            longest = Math.max(longest, gap);
            last = now;
        } while (now - start < duration);
        double elapsed = now - start;
        for (int i = 0; i < THRESHOLDS_NANOS.length; i++) {
            System.out.printf("| a spinning thread's pauses over %d ms, %d s (no SharpEye code) | %d | %.2f %% of its "
                            + "time | | %.2f ms |%n", THRESHOLDS_NANOS[i] / 1_000_000, seconds, count[i],
                    100.0 * lost[i] / elapsed, longest / 1e6);
        }
    }
}
