package org.sharpeye.registry.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.CameraQuery;
import org.sharpeye.registry.DeviceId;
import org.sharpeye.registry.ImportResult;
import org.sharpeye.registry.PasswordHasher;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.SecretBox;
import org.sharpeye.registry.Site;
import org.sharpeye.registry.SiteKind;
import org.sharpeye.registry.ViewingPolicy;
import org.sharpeye.registry.demo.DemoCounty;
import org.sharpeye.registry.transfer.CameraTransfer;

/**
 * Import and query figures for docs/registry.md: CSV import of N cameras (parse, validate, seal credentials, one
 * atomic commit) into the demo county's villages, then camera lists by site subtree (first page of 100).
 * Run: see docs/registry.md. Arguments: store (h2, redis or memory) and camera counts.
 */
public final class RegistryBenchmark {
    private RegistryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "h2";
        int[] counts = args.length > 1 ? Arrays.stream(args).skip(1).mapToInt(Integer::parseInt).toArray()
                : new int[] {10_000, 100_000};
        Path dir = Files.createTempDirectory("sharpeye-bench");
        RedisServer redis = kind.equals("redis") ? RedisServer.start(dir) : null;
        try {
            for (int n : counts) {
                RegistryStore store = switch (kind) {
                    case "h2" -> H2Store.open(Files.createTempDirectory(dir, "h2"));
                    case "redis" -> {
                        RedisStore r = RedisStore.open(redis.uri());
                        r.clear();
                        yield r;
                    }
                    default -> new InMemoryStore();
                };
                try (Registry registry = Registry.open(store, SecretBox.random(), ViewingPolicy.defaults(),
                        new PasswordHasher(4), Clock.systemUTC())) {
                    DemoCounty.populate(registry, 554);
                    List<Site> villages = registry.sites().all().stream()
                            .filter(s -> s.kind() == SiteKind.VILLAGE).toList();
                    String csv = csv(n, villages);
                    long t0 = System.nanoTime();
                    ImportResult result = CameraTransfer.importText(registry, CameraTransfer.Format.CSV, csv,
                            Actor.system());
                    long importMs = (System.nanoTime() - t0) / 1_000_000;
                    if (!result.applied()) {
                        throw new IllegalStateException(result.errors().get(0).toString());
                    }
                    System.out.printf("%s import %,d cameras (CSV %,d bytes): %,d ms%n", kind, n, csv.length(),
                            importMs);
                    long reopen0 = System.nanoTime();
                    registry.reload();
                    System.out.printf("%s reload %,d cameras from the store: %,d ms%n", kind,
                            registry.cameraCount(), (System.nanoTime() - reopen0) / 1_000_000);
                    query(kind, registry);
                }
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    private static String csv(int n, List<Site> villages) {
        StringBuilder b = new StringBuilder("id,name,siteId,tier,vendor,ip,address,tags,username,password\n");
        for (int i = 0; i < n; i++) {
            Site v = villages.get(i % villages.size());
            b.append(DeviceId.of(v.centreCode(), 80, 132, 8, 100_000 + i)).append(",批量点").append(i).append(',')
                    .append(v.id()).append(",CLASS_III,").append(i % 2 == 0 ? "DAHUA" : "UNIVIEW").append(",10.")
                    .append(i / 62_500).append('.').append(i / 250 % 250).append('.').append(i % 250 + 1)
                    .append(",安徽省六安市霍邱县").append(v.name()).append(",village;bulk,admin,p@ss").append(i)
                    .append('\n');
        }
        return b.toString();
    }

    private static void query(String kind, Registry registry) {
        List<String> sites = new ArrayList<>();
        registry.sites().all().forEach(s -> sites.add(s.id()));
        Random random = new Random(1);
        for (int warm = 0; warm < 200; warm++) {
            registry.cameras(null, CameraQuery.underSite(sites.get(random.nextInt(sites.size())), 100));
        }
        for (String level : new String[] {"county", "township", "village"}) {
            List<String> pool = registry.sites().all().stream()
                    .filter(s -> s.kind().name().equalsIgnoreCase(level)).map(Site::id).toList();
            int rounds = level.equals("county") ? 200 : 1000;
            long[] ns = new long[rounds];
            int total = 0;
            for (int i = 0; i < rounds; i++) {
                String site = pool.get(random.nextInt(pool.size()));
                long t0 = System.nanoTime();
                total += registry.cameras(null, CameraQuery.underSite(site, 100)).total();
                ns[i] = System.nanoTime() - t0;
            }
            Arrays.sort(ns);
            System.out.printf("%s list by %s subtree at %,d cameras (%,d matched on average, first page of 100): "
                    + "p50 %.2f ms, p99 %.2f ms%n", kind, level, registry.cameraCount(), total / rounds,
                    ns[rounds / 2] / 1e6, ns[rounds * 99 / 100] / 1e6);
        }
    }
}
