package org.sharpeye.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The share of the machine's CPU time its hypervisor gave to others over a window ({@code steal} in
 * {@code /proc/stat}): on a virtual machine a vCPU taken away for milliseconds delays whatever it was running, so a
 * latency tail is read next to it. Linux only; elsewhere the share is unknown (-1).
 */
final class StealMeter {

    private static final Path STAT = Path.of("/proc/stat");

    private final long[] start = read();

    /** Percent of all CPU time since this meter was made that was stolen, or -1 where /proc/stat is not there. */
    double stolenPercent() {
        long[] now = read();
        long total = now[1] - start[1];
        return now[0] < 0 || start[0] < 0 || total <= 0 ? -1 : 100.0 * (now[0] - start[0]) / total;
    }

    /** {steal, total} jiffies of all CPUs, or {-1, -1}. */
    private static long[] read() {
        try {
            String[] f = Files.readAllLines(STAT).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal [guest guest_nice, already counted in user/nice]
            long total = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] {f.length > 8 ? Long.parseLong(f[8]) : 0, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }
}
