package org.sharpeye.deploy;

import org.junit.jupiter.api.Test;
import org.sharpeye.gateway.SharpEyeConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** deploy/kubernetes: the objects reference each other, the ports, paths and keys SharpEye has, and the image. */
class KubernetesManifestsTest {

    private static final Map<String, Map<String, Object>> OBJECTS = objects();

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> objects() {
        Map<String, Map<String, Object>> byKindAndName = new HashMap<>();
        Map<String, Object> kustomization = DeployFiles.yaml(DeployFiles.file("kubernetes/kustomization.yaml"));
        for (String resource : (List<String>) kustomization.get("resources")) {
            for (Object doc : DeployFiles.yamlDocuments(DeployFiles.file("kubernetes/" + resource))) {
                Map<String, Object> o = (Map<String, Object>) doc;
                assertNotNull(o.get("apiVersion"), resource);
                String key = o.get("kind") + "/" + DeployFiles.at(o, "metadata", "name");
                assertTrue(byKindAndName.put(key, o) == null, "one " + key);
            }
        }
        return byKindAndName;
    }

    private static Map<String, Object> object(String kindAndName) {
        Map<String, Object> o = OBJECTS.get(kindAndName);
        assertNotNull(o, kindAndName + " among " + OBJECTS.keySet());
        return o;
    }

    /** The sharpeye.yaml the ConfigMap holds. */
    static String configMapFile() {
        return DeployFiles.at(object("ConfigMap/sharpeye-config"), "data", "sharpeye.yaml");
    }

    private static Map<String, Object> container() {
        List<Map<String, Object>> containers = DeployFiles.at(object("Deployment/sharpeye"),
                "spec", "template", "spec", "containers");
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    /** The container's environment as the pod would see it: secrets made as secrets.env.example says, pod fields. */
    private static Map<String, String> podEnvironment() {
        Map<String, String> env = new HashMap<>();
        Map<String, String> secrets = ConfigKeys.sampleSecrets();
        for (Map<String, Object> e : DeployFiles.<List<Map<String, Object>>>at(container(), "env")) {
            String name = (String) e.get("name");
            if (e.containsKey("value")) {
                env.put(name, (String) e.get("value"));
            } else if (DeployFiles.<Map<String, Object>>at(e, "valueFrom").containsKey("secretKeyRef")) {
                env.put(name, secrets.get((String) DeployFiles.at(e, "valueFrom", "secretKeyRef", "key")));
            } else if (DeployFiles.<Map<String, Object>>at(e, "valueFrom").containsKey("fieldRef")) {
                String field = DeployFiles.at(e, "valueFrom", "fieldRef", "fieldPath");
                env.put(name, field.equals("status.podIP") ? "10.1.2.3" : "sharpeye-5d8f-abcde");
            }
        }
        // $(VAR) references to variables defined before, as the kubelet expands them
        Pattern ref = Pattern.compile("\\$\\(([A-Z_]+)\\)");
        env.replaceAll((k, v) -> {
            Matcher m = ref.matcher(v);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                assertTrue(env.containsKey(m.group(1)), k + " refers to " + m.group(1));
                m.appendReplacement(b, env.get(m.group(1)));
            }
            return m.appendTail(b).toString();
        });
        return env;
    }

    @Test
    void theConfigMapLoadsWithThePodsEnvironment() throws Exception {
        Path file = Files.createTempFile("sharpeye-configmap-", ".yaml");
        try {
            Files.writeString(file, configMapFile());
            Map<String, String> env = podEnvironment();
            SharpEyeConfig config = SharpEyeConfig.load(file, env);
            assertEquals(8080, config.httpPort());
            assertEquals(Path.of("/var/lib/sharpeye"), config.dataDir());
            assertEquals("http://10.1.2.3:8080", env.get("SHARPEYE_ADVERTISE_URL"), "advertises the pod's address");
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void threeReplicasRunTheImageWithTheConfigMapMounted() {
        Map<String, Object> deployment = object("Deployment/sharpeye");
        assertEquals(3, DeployFiles.<Integer>at(deployment, "spec", "replicas"));
        Map<String, Object> c = container();
        Dockerfile docker = Dockerfile.parse(DeployFiles.file("docker/Dockerfile"));
        String config = DockerfileTest.configDestination(docker);
        assertEquals(List.of("run", "--config", config), c.get("args"), "the image's CMD");
        assertTrue(((String) c.get("image")).startsWith("sharpeye:"), "the image compose and docs/deploy.md build");
        Map<String, String> mounts = new HashMap<>();
        for (Map<String, Object> m : DeployFiles.<List<Map<String, Object>>>at(c, "volumeMounts")) {
            mounts.put((String) m.get("name"), (String) m.get("mountPath"));
        }
        String configVolume = mounts.entrySet().stream().filter(e -> config.startsWith(e.getValue() + "/"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        Map<String, Object> volume = DeployFiles.<List<Map<String, Object>>>at(deployment, "spec", "template",
                "spec", "volumes").stream().filter(v -> v.get("name").equals(configVolume)).findFirst().orElseThrow();
        assertEquals("sharpeye-config", DeployFiles.at(volume, "configMap", "name"));
        assertTrue(((Map<?, ?>) DeployFiles.at(object("ConfigMap/sharpeye-config"), "data"))
                .containsKey(config.substring(config.lastIndexOf('/') + 1)));
        // writable places on a read-only root: the data directory and /tmp (FFmpeg's natives)
        assertEquals(true, DeployFiles.at(c, "securityContext", "readOnlyRootFilesystem"));
        assertTrue(mounts.containsValue("/var/lib/sharpeye") && mounts.containsValue("/tmp"), mounts.toString());
        String uid = docker.one("RUN").replaceAll(".*--uid (\\d+).*", "$1");
        assertEquals(Integer.parseInt(uid), (int) DeployFiles.at(deployment, "spec", "template", "spec",
                "securityContext", "runAsUser"), "the image's user");
    }

    @Test
    void probesAndServicesUseThePortAndPathsTheGatewayServes() {
        Map<String, Object> c = container();
        List<Map<String, Object>> ports = DeployFiles.at(c, "ports");
        assertEquals(1, ports.size());
        assertEquals("http", ports.get(0).get("name"));
        assertEquals(SharpEyeConfig.DEFAULTS.httpPort(), (int) (Integer) ports.get(0).get("containerPort"));
        assertEquals("/readyz", DeployFiles.at(c, "readinessProbe", "httpGet", "path"));
        assertEquals("/healthz", DeployFiles.at(c, "livenessProbe", "httpGet", "path"));
        assertEquals("/healthz", DeployFiles.at(c, "startupProbe", "httpGet", "path"));
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            assertEquals("http", DeployFiles.at(c, probe, "httpGet", "port"), probe);
        }
        Map<String, Object> annotations = DeployFiles.at(object("Deployment/sharpeye"), "spec", "template",
                "metadata", "annotations");
        assertEquals("/metrics", annotations.get("prometheus.io/path"));
        assertEquals("8080", annotations.get("prometheus.io/port"));
        Map<String, Object> podLabels = DeployFiles.at(object("Deployment/sharpeye"), "spec", "template",
                "metadata", "labels");
        for (String service : List.of("Service/sharpeye", "Service/sharpeye-nodes")) {
            Map<String, Object> s = object(service);
            assertTrue(podLabels.entrySet().containsAll(DeployFiles.<Map<String, Object>>at(s, "spec", "selector")
                    .entrySet()), service + " selects the pods");
            assertEquals("http", DeployFiles.at(s, "spec", "ports", 0, "targetPort"), service);
            assertEquals(8080, (int) DeployFiles.at(s, "spec", "ports", 0, "port"), service);
        }
        assertEquals("None", DeployFiles.at(object("Service/sharpeye-nodes"), "spec", "clusterIP"));
        assertTrue(podLabels.entrySet().containsAll(DeployFiles.<Map<String, Object>>at(
                object("Deployment/sharpeye"), "spec", "selector", "matchLabels").entrySet()));
    }

    @Test
    void aDisruptionBudgetKeepsTwoOfTheThreeNodes() {
        Map<String, Object> pdb = object("PodDisruptionBudget/sharpeye");
        assertEquals("policy/v1", pdb.get("apiVersion"));
        assertEquals(2, (int) DeployFiles.at(pdb, "spec", "minAvailable"));
        assertEquals(DeployFiles.<Object>at(object("Deployment/sharpeye"), "spec", "selector", "matchLabels"),
                DeployFiles.<Object>at(pdb, "spec", "selector", "matchLabels"));
        Map<String, Object> rolling = DeployFiles.at(object("Deployment/sharpeye"), "spec", "strategy",
                "rollingUpdate");
        assertEquals(0, (int) rolling.get("maxUnavailable"), "a new node is up before an old one hands over");
    }

    @Test
    void secretsComeFromTheGeneratedSecretAndNoValueIsShipped() {
        Map<String, Object> kustomization = DeployFiles.yaml(DeployFiles.file("kubernetes/kustomization.yaml"));
        Map<String, Object> generator = DeployFiles.at(kustomization, "secretGenerator", 0);
        String secretName = (String) generator.get("name");
        assertEquals(List.of("secrets.env"), generator.get("envs"));
        assertFalse(Files.exists(DeployFiles.DEPLOY.resolve("kubernetes/secrets.env"))
                && isTracked("deploy/kubernetes/secrets.env"), "secrets.env is never committed");
        Set<String> exampleKeys = new HashSet<>();
        for (String line : DeployFiles.read(DeployFiles.file("kubernetes/secrets.env.example")).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                assertTrue(line.endsWith("="), "the example holds no value: " + line);
                exampleKeys.add(line.substring(0, line.length() - 1));
            }
        }
        List<String> fromSecret = new ArrayList<>();
        for (Map<String, Object> e : DeployFiles.<List<Map<String, Object>>>at(container(), "env")) {
            if (e.get("valueFrom") instanceof Map<?, ?> from && from.containsKey("secretKeyRef")) {
                assertEquals(secretName, DeployFiles.at(from, "secretKeyRef", "name"));
                String key = DeployFiles.at(from, "secretKeyRef", "key");
                assertTrue(exampleKeys.contains(key), key + " is in secrets.env.example");
                fromSecret.add((String) e.get("name"));
            }
        }
        assertEquals(Set.of("SHARPEYE_ADMIN_PASSWORD", "SHARPEYE_SECRET_KEYS", "SHARPEYE_LIVE_TOKEN_KEY"),
                Set.copyOf(fromSecret));
        assertTrue(OBJECTS.keySet().stream().noneMatch(k -> k.startsWith("Secret/")), "no Secret with values");
    }

    @Test
    void theResourceLimitHoldsTheJvmsHeapAndDirectMemory() {
        Map<String, Object> resources = DeployFiles.at(container(), "resources");
        long limit = bytes(DeployFiles.at(resources, "limits", "memory"));
        assertEquals(limit, bytes(DeployFiles.at(resources, "requests", "memory")), "memory is not overcommitted");
        assertNotNull(DeployFiles.at(resources, "requests", "cpu"));
        String javaOpts = podEnvironment().get("JAVA_OPTS");
        Matcher heap = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(javaOpts);
        Matcher direct = Pattern.compile("-XX:MaxDirectMemorySize=(\\d+[kmgKMG]?)").matcher(javaOpts);
        assertTrue(heap.find() && direct.find(), javaOpts);
        assertTrue(javaOpts.contains("-XX:+UseParallelGC"), "the collector the benchmarks ran with: " + javaOpts);
        long heapBytes = limit * Integer.parseInt(heap.group(1)) / 100;
        long directBytes = bytes(direct.group(1));
        assertTrue(heapBytes + directBytes <= limit * 85 / 100,
                "heap + direct leave at least 15% of the limit to natives, metaspace and threads: " + javaOpts);
    }

    @Test
    void redisIsReachableAtTheConfiguredUrl() {
        String url = DeployFiles.at(DeployFiles.yamlDocuments(DeployFiles.file("kubernetes/configmap.yaml")).stream()
                .map(d -> DeployFiles.<String>at(d, "data", "sharpeye.yaml")).map(y -> new org.yaml.snakeyaml.Yaml()
                        .<Map<String, Object>>load(y)).findFirst().orElseThrow(), "store", "redisUrl");
        java.net.URI redis = java.net.URI.create(url);
        Map<String, Object> service = object("Service/" + redis.getHost());
        assertEquals(redis.getPort(), (int) DeployFiles.at(service, "spec", "ports", 0, "port"));
        List<Map<String, Object>> containers = DeployFiles.at(object("StatefulSet/redis"), "spec", "template",
                "spec", "containers");
        assertTrue(((List<?>) containers.get(0).get("args")).contains("--appendonly"), "Redis persists its data");
        assertEquals(DeployFiles.<Object>at(object("NetworkPolicy/redis-from-sharpeye"), "spec", "ingress", 0, "from",
                0, "podSelector", "matchLabels"), DeployFiles.<Object>at(object("Deployment/sharpeye"), "spec",
                "selector", "matchLabels"), "only SharpEye's pods reach Redis");
    }

    private static long bytes(String quantity) {
        Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi|k|m|g|K|M|G)?").matcher(quantity);
        assertTrue(m.matches(), quantity);
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase().replace("i", "");
        return switch (unit) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
    }

    private static boolean isTracked(String path) {
        try {
            Process p = new ProcessBuilder("git", "ls-files", "--error-unmatch", path)
                    .directory(DeployFiles.REPO.toFile()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
