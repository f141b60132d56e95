package org.sharpeye.deploy;

import org.junit.jupiter.api.Test;
import org.sharpeye.gateway.SharpEyeConfig;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** deploy/compose/compose.yaml: Redis, three nodes, Prometheus and Grafana wired to each other and to the files. */
class ComposeFileTest {

    private static final Path COMPOSE = DeployFiles.file("compose/compose.yaml");
    private static final Map<String, Object> FILE = DeployFiles.yaml(COMPOSE);

    private static Map<String, Object> services() {
        return DeployFiles.at(FILE, "services");
    }

    private static Set<String> nodes() {
        Set<String> nodes = new TreeSet<>();
        services().forEach((name, s) -> {
            if (s instanceof Map<?, ?> m && String.valueOf(m.get("image")).startsWith("sharpeye:")) {
                nodes.add(name);
            }
        });
        return nodes;
    }

    private static Map<String, String> environment(String service) {
        Map<String, String> env = new HashMap<>();
        DeployFiles.<Map<String, Object>>at(services(), service, "environment")
                .forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    @Test
    void threeNodesOverRedisWithDistinctIdentities() {
        assertEquals(Set.of("sharpeye-1", "sharpeye-2", "sharpeye-3"), nodes());
        Set<String> ids = new HashSet<>();
        Set<String> urls = new HashSet<>();
        for (String node : nodes()) {
            Map<String, String> env = environment(node);
            assertEquals("redis", env.get("SHARPEYE_STORE"), node);
            URI redis = URI.create(env.get("SHARPEYE_REDIS_URL"));
            assertTrue(services().containsKey(redis.getHost()), node + " reaches Redis at a service: " + redis);
            assertEquals(6379, redis.getPort());
            ids.add(env.get("SHARPEYE_NODE_ID"));
            URI advertised = URI.create(env.get("SHARPEYE_ADVERTISE_URL"));
            assertEquals(node, advertised.getHost(), "other nodes reach " + node + " by its service name");
            assertEquals(SharpEyeConfig.DEFAULTS.httpPort(), advertised.getPort());
            urls.add(advertised.toString());
            assertEquals("deploy/docker/Dockerfile", DeployFiles.at(services(), node, "build", "dockerfile"));
            Path context = COMPOSE.getParent().resolve((String) DeployFiles.at(services(), node, "build", "context"))
                    .normalize();
            assertEquals(DeployFiles.REPO, context, "the Dockerfile's paths are relative to the repository root");
            List<String> ports = DeployFiles.at(services(), node, "ports");
            assertTrue(ports.size() == 1 && ports.get(0).endsWith(":8080"), node + " publishes 8080: " + ports);
            List<String> volumes = DeployFiles.at(services(), node, "volumes");
            assertTrue(volumes.get(0).endsWith(":/var/lib/sharpeye"), "the image's data volume: " + volumes);
        }
        assertEquals(3, ids.size(), "distinct node ids");
        assertEquals(3, urls.size(), "distinct advertised URLs");
    }

    @Test
    void eachNodesEnvironmentLoadsWithTheImageConfiguration() {
        Map<String, String> imageEnv = Dockerfile.parse(DeployFiles.file("docker/Dockerfile")).env();
        for (String node : nodes()) {
            Map<String, String> env = new HashMap<>(imageEnv);
            Map<String, String> secrets = ConfigKeys.sampleSecrets();
            environment(node).forEach((k, v) -> {
                if (v.startsWith("${")) { // from .env, made as env.example says
                    assertTrue(secrets.containsKey(k), k + " is a secret the examples explain");
                    env.put(k, secrets.get(k));
                } else {
                    env.put(k, v);
                }
            });
            SharpEyeConfig config = SharpEyeConfig.load(DeployFiles.REPO.resolve("deploy/sharpeye.yaml"), env);
            assertEquals(8080, config.httpPort(), node);
        }
    }

    @Test
    void secretsAreRequiredFromTheEnvironmentFileNeverDefaulted() {
        Set<String> example = new HashSet<>();
        for (String line : DeployFiles.read(DeployFiles.file("compose/env.example")).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                assertTrue(line.endsWith("="), "the example holds no value: " + line);
                example.add(line.substring(0, line.length() - 1));
            }
        }
        for (String secret : List.of("SHARPEYE_ADMIN_PASSWORD", "SHARPEYE_SECRET_KEYS", "SHARPEYE_LIVE_TOKEN_KEY")) {
            for (String node : nodes()) {
                assertEquals("${" + secret + ":?set " + secret + " in .env}", environment(node).get(secret), node);
            }
            assertTrue(example.contains(secret), secret + " in env.example");
        }
        String grafana = DeployFiles.at(services(), "grafana", "environment", "GF_SECURITY_ADMIN_PASSWORD");
        assertTrue(grafana.startsWith("${GRAFANA_ADMIN_PASSWORD:?"), grafana);
        assertTrue(example.contains("GRAFANA_ADMIN_PASSWORD"));
    }

    @Test
    void prometheusScrapesEveryNodeAndGrafanaReadsPrometheus() {
        Map<String, String> mounts = new HashMap<>();
        for (String service : List.of("prometheus", "grafana")) {
            for (String v : DeployFiles.<List<String>>at(services(), service, "volumes")) {
                String[] parts = v.split(":");
                if (parts[0].startsWith(".")) {
                    Path host = COMPOSE.getParent().resolve(parts[0]).normalize();
                    assertTrue(Files.exists(host), service + " mounts a file that exists: " + v);
                    mounts.put(parts[1], DeployFiles.REPO.relativize(host).toString());
                }
            }
        }
        assertEquals("deploy/prometheus/prometheus.yml", mounts.get("/etc/prometheus/prometheus.yml"));
        assertEquals("deploy/prometheus/rules", mounts.get("/etc/prometheus/rules"));
        assertTrue(DeployFiles.<List<String>>at(services(), "prometheus", "command")
                .contains("--config.file=/etc/prometheus/prometheus.yml"));
        Map<String, Object> prometheus = DeployFiles.yaml(DeployFiles.file("prometheus/prometheus.yml"));
        assertEquals(List.of("rules/*.yml"), prometheus.get("rule_files"), "rules beside the mounted config");
        Map<String, Object> job = DeployFiles.at(prometheus, "scrape_configs", 0);
        assertEquals("sharpeye", job.get("job_name"), "the job the rules and the dashboard select");
        assertEquals("/metrics", job.get("metrics_path"));
        Set<String> targets = new TreeSet<>(DeployFiles.<List<String>>at(job, "static_configs", 0, "targets"));
        Set<String> expected = new TreeSet<>();
        nodes().forEach(n -> expected.add(n + ":8080"));
        assertEquals(expected, targets);

        assertEquals("deploy/grafana/provisioning", mounts.get("/etc/grafana/provisioning"));
        Map<String, Object> datasources = DeployFiles.yaml(
                DeployFiles.file("grafana/provisioning/datasources/prometheus.yaml"));
        URI url = URI.create(DeployFiles.at(datasources, "datasources", 0, "url"));
        assertTrue(services().containsKey(url.getHost()) && url.getPort() == 9090, url.toString());
        Map<String, Object> dashboards = DeployFiles.yaml(
                DeployFiles.file("grafana/provisioning/dashboards/sharpeye.yaml"));
        String path = DeployFiles.at(dashboards, "providers", 0, "options", "path");
        assertEquals("deploy/grafana/dashboards", mounts.get(path), "the provider reads the mounted dashboards");
    }
}
