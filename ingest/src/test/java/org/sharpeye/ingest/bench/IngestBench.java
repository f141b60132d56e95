package org.sharpeye.ingest.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./sharpeye bench ingest}: the depacketizers under JMH (MB/s on one core), then the end-to-end load
 * ({@link IngestLoad}) for each fleet size. Options: {@code --jmh-only}, {@code --load-only},
 * {@code --cameras 100,250,500,1000}, {@code --seconds 30} (measured window per fleet size), {@code --settle 20} (seconds
 * between every camera playing and the window), {@code --base-ip 127.2.0.1} (camsim's first camera address).
 */
public final class IngestBench {

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        org.sharpeye.media.BufferChecks.offForProduction(); // as a node runs (SharpEye.main)
        boolean jmh = true;
        boolean load = true;
        List<Integer> cameras = List.of(100, 250, 500, 1000);
        int seconds = 30;
        int settle = 20;
        String baseIp = "127.2.0.1";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jmh-only" -> load = false;
                case "--load-only" -> jmh = false;
                case "--cameras" -> {
                    List<Integer> n = new ArrayList<>();
                    for (String s : args[++i].split(",")) {
                        n.add(Integer.parseInt(s.trim()));
                    }
                    cameras = n;
                }
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--settle" -> settle = Integer.parseInt(args[++i]);
                case "--base-ip" -> baseIp = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; --jmh-only | --load-only | --cameras N,N | --seconds S | --settle S");
            }
        }
        if (jmh) {
            depacketizers();
        }
        if (load) {
            System.out.println(IngestLoad.HEADER);
            for (int n : cameras) {
                System.out.println(IngestLoad.run(n, seconds, settle, baseIp).row());
            }
        }
    }

    /** About 70 s: 4 codecs x (2 x 2 s warm-up + 3 x 3 s measured) in one fork. */
    static void depacketizers() throws Exception {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "sharpeye-ingest-bench");
        List<String> codecs = List.of("H264", "H265", "AAC", "PCMA");
        long[] bytes = new long[codecs.size()];
        for (int i = 0; i < codecs.size(); i++) {
            System.setProperty("sharpeye.bench.dir", dir.toString());
            bytes[i] = PacketFixtures.payloadBytes(PacketFixtures.packets(codecs.get(i), dir)); // encode once, here
            DepacketizerBench check = new DepacketizerBench();
            check.codec = codecs.get(i);
            check.load();
            long frames = check.depacketize();
            long expected = codecs.get(i).startsWith("H") ? 50 : 500;
            if (frames != expected) { // a benchmark of a depacketizer that drops frames would measure nothing
                throw new IllegalStateException(codecs.get(i) + ": " + frames + " frames, not " + expected);
            }
        }
        Options options = new OptionsBuilder()
                .include(DepacketizerBench.class.getName())
                .forks(1).warmupIterations(2).warmupTime(TimeValue.seconds(2))
                .measurementIterations(3).measurementTime(TimeValue.seconds(3))
                .threads(1)
                .jvmArgsAppend("-Dsharpeye.bench.dir=" + dir, "-Dio.netty.leakDetection.level=disabled")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        System.out.println("| payload | MB/s (one core) | packets/s | error (MB/s, 99.9%) |");
        System.out.println("|---|---|---|---|");
        for (RunResult r : results) {
            String codec = r.getParams().getParam("codec");
            int i = codecs.indexOf(codec);
            double opsPerSecond = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            int packets = PacketFixtures.packets(codec, dir).size();
            System.out.println(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f |", codec,
                    opsPerSecond * bytes[i] / 1e6, opsPerSecond * packets, error * bytes[i] / 1e6));
        }
    }
}
