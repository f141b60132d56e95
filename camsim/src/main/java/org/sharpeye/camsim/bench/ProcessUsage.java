package org.sharpeye.camsim.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time and memory of a Linux process, read from {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}
 * (proc(5)), and its Java heap from {@code jcmd <pid> GC.heap_info}.
 *
 * @param cpuTicks utime + stime, in clock ticks
 * @param rssKiB   resident set size (VmRSS)
 * @param peakRssKiB the highest resident set size so far (VmHWM)
 */
record ProcessUsage(long cpuTicks, long rssKiB, long peakRssKiB) {

    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");

    /** Reads the usage of process {@code pid} now. */
    static ProcessUsage of(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII);
        return new ProcessUsage(cpuTicks(stat), kib(status, "VmRSS"), kib(status, "VmHWM"));
    }

    /** utime (field 14) + stime (field 15) of a stat line; the command name (field 2) may hold spaces and ')'. */
    static long cpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state), so field n is f[n - 3].
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** A "Name:   123 kB" line of /proc/<pid>/status, in KiB; 0 when absent. */
    static long kib(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).replace("kB", "").strip());
            }
        }
        return 0;
    }

    /** Clock ticks a second (sysconf(_SC_CLK_TCK)); 100 on Linux unless {@code getconf} says otherwise. */
    static long clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | NumberFormatException e) {
            // Fall through to Linux's fixed USER_HZ.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }

    /** The Java heap in use by process {@code pid} in KiB (after its last collection), if jcmd can tell. */
    static OptionalLong heapUsedKiB(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return OptionalLong.empty();
            }
            return parseHeapUsed(out);
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** The "used" figure of {@code GC.heap_info}'s heap line, e.g. "garbage-first heap total 262144K, used 1024K". */
    static OptionalLong parseHeapUsed(String heapInfo) {
        Matcher m = HEAP_USED.matcher(heapInfo);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(2))) : OptionalLong.empty();
    }
}
