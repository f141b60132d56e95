package org.sharpeye.camsim.bench;

import java.util.Arrays;
import java.util.List;

/**
 * What the streams of a load test received between two moments.
 *
 * @param kbps    each stream's received bitrate in kbit/s (RTP bytes, not counting the {@code $} framing), sorted
 * @param silent  streams that received nothing in the window
 * @param failed  streams whose RTSP exchange failed, at the end of the window
 */
public record LoadWindow(double seconds, double[] kbps, int silent, int failed) {

    /** The window from {@code before} to {@code after}, two counts of the same client {@code seconds} apart. */
    public static LoadWindow between(List<StreamCount> before, List<StreamCount> after, double seconds) {
        if (before.size() != after.size() || seconds <= 0) {
            throw new IllegalArgumentException("counts of different clients, or an empty window");
        }
        double[] kbps = new double[after.size()];
        int silent = 0;
        int failed = 0;
        for (int i = 0; i < kbps.length; i++) {
            long bytes = after.get(i).bytes() - before.get(i).bytes();
            kbps[i] = bytes * 8 / seconds / 1000;
            if (bytes == 0) {
                silent++;
            }
            if (after.get(i).state() == StreamCount.State.FAILED) {
                failed++;
            }
        }
        Arrays.sort(kbps);
        return new LoadWindow(seconds, kbps, silent, failed);
    }

    /** The lowest stream bitrate, kbit/s (0 with no streams). */
    public double minKbps() {
        return kbps.length == 0 ? 0 : kbps[0];
    }

    /** The median stream bitrate, kbit/s (0 with no streams). */
    public double medianKbps() {
        if (kbps.length == 0) {
            return 0;
        }
        int mid = kbps.length / 2;
        return kbps.length % 2 == 1 ? kbps[mid] : (kbps[mid - 1] + kbps[mid]) / 2;
    }

    /** All streams together, Mbit/s. */
    public double totalMbps() {
        return Arrays.stream(kbps).sum() / 1000;
    }
}
