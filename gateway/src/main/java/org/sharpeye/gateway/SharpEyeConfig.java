package org.sharpeye.gateway;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The node's configuration: one YAML file (every key documented with its default in deploy/sharpeye.yaml and
 * docs/operations.md), each key overridable by an environment variable, validated at start.
 *
 * @param httpHost address the gateway listens on (SHARPEYE_HTTP_HOST, default 0.0.0.0)
 * @param httpPort port of the gateway (SHARPEYE_HTTP_PORT, default 8080)
 * @param dataDir where the embedded store keeps its files (SHARPEYE_DATA_DIR, default ./data)
 * @param idleTimeoutSeconds an on-demand camera stops this long after its last viewer (SHARPEYE_INGEST_IDLE_TIMEOUT, 30)
 * @param cluster the store and the cluster settings
 * @param liveTokenKey the HMAC key of live tokens (SHARPEYE_LIVE_TOKEN_KEY); null: a random key per process
 */
public record SharpEyeConfig(String httpHost, int httpPort, Path dataDir, int idleTimeoutSeconds, Cluster cluster,
                             String liveTokenKey) {

    /** The smallest live token key, in bytes of its UTF-8 text (HMAC-SHA256 wants at least its output size). */
    static final int MIN_LIVE_TOKEN_KEY_BYTES = 32;

    public static final SharpEyeConfig DEFAULTS = new SharpEyeConfig("0.0.0.0", 8080, Path.of("data"), 30,
            Cluster.DEFAULTS, null);

    /**
     * Where the registry lives and how this node takes part in a cluster. Cluster mode is {@code store.kind: redis}.
     *
     * @param storeKind        {@code embedded} (H2 in data.dir, one node) or {@code redis} (SHARPEYE_STORE)
     * @param redisUrl         redis://host:port[/db], rediss://..., or redis-sentinel://h1:p1,h2:p2/master
     *                         (SHARPEYE_REDIS_URL)
     * @param nodeId           this node's name in the cluster (SHARPEYE_NODE_ID, default: the host name)
     * @param advertiseUrl     how other nodes reach this node's gateway, e.g. http://10.0.0.5:8080
     *                         (SHARPEYE_ADVERTISE_URL; required with the redis store)
     * @param heartbeatSeconds how often the node announces itself and renews its leases (2)
     * @param leaseSeconds     how long a silent node keeps its cameras (7): the failover time
     */
    public record Cluster(String storeKind, String redisUrl, String nodeId, String advertiseUrl, int heartbeatSeconds,
                          int leaseSeconds) {
        public static final String EMBEDDED = "embedded";
        public static final String REDIS = "redis";
        static final Cluster DEFAULTS = new Cluster(EMBEDDED, "redis://127.0.0.1:6379", hostName(), null, 2, 7);

        /** Whether the node runs in a cluster (the redis store). */
        public boolean clustered() {
            return REDIS.equals(storeKind);
        }
    }

    /** Whether the node runs in a cluster (the redis store). */
    public boolean clustered() {
        return cluster.clustered();
    }

    /** Reads a YAML file (null: defaults only) and applies environment overrides; throws with every problem found. */
    public static SharpEyeConfig load(Path file, Map<String, String> env) {
        JsonNode root = null;
        if (file != null) {
            try {
                root = new ObjectMapper(new YAMLFactory())
                        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        .readTree(Files.readString(file));
            } catch (IOException e) {
                throw new ConfigException(List.of("cannot read " + file + ": " + e.getMessage()));
            }
        }
        Settings s = new Settings(root, env);
        Cluster d = Cluster.DEFAULTS;
        Cluster cluster = new Cluster(
                s.string("store.kind", "SHARPEYE_STORE", d.storeKind()),
                s.string("store.redisUrl", "SHARPEYE_REDIS_URL", d.redisUrl()),
                s.string("cluster.nodeId", "SHARPEYE_NODE_ID", d.nodeId()),
                s.string("cluster.advertiseUrl", "SHARPEYE_ADVERTISE_URL", d.advertiseUrl()),
                s.integer("cluster.heartbeatSeconds", "SHARPEYE_HEARTBEAT_SECONDS", d.heartbeatSeconds(), 1, 60),
                s.integer("cluster.leaseSeconds", "SHARPEYE_LEASE_SECONDS", d.leaseSeconds(), 2, 600));
        SharpEyeConfig c = new SharpEyeConfig(
                s.string("http.host", "SHARPEYE_HTTP_HOST", DEFAULTS.httpHost),
                s.integer("http.port", "SHARPEYE_HTTP_PORT", DEFAULTS.httpPort, 0, 65535),
                Path.of(s.string("data.dir", "SHARPEYE_DATA_DIR", DEFAULTS.dataDir.toString())),
                s.integer("ingest.idleTimeoutSeconds", "SHARPEYE_INGEST_IDLE_TIMEOUT",
                        DEFAULTS.idleTimeoutSeconds, 0, 86_400),
                cluster,
                s.string("security.liveTokenKey", "SHARPEYE_LIVE_TOKEN_KEY", null));
        s.rejectUnknown(List.of("http.host", "http.port", "data.dir", "ingest.idleTimeoutSeconds", "store.kind",
                "store.redisUrl", "cluster.nodeId", "cluster.advertiseUrl", "cluster.heartbeatSeconds",
                "cluster.leaseSeconds", "security.liveTokenKey"));
        s.problems.addAll(c.coherence());
        s.throwIfInvalid();
        return c;
    }

    /** The problems of values that are each well formed but do not fit together. */
    private List<String> coherence() {
        List<String> problems = new ArrayList<>();
        Cluster k = cluster;
        if (!Cluster.EMBEDDED.equals(k.storeKind()) && !Cluster.REDIS.equals(k.storeKind())) {
            problems.add("store.kind: '" + k.storeKind() + "' is neither embedded nor redis");
        }
        if (liveTokenKey != null && liveTokenKey.getBytes(StandardCharsets.UTF_8).length < MIN_LIVE_TOKEN_KEY_BYTES) {
            problems.add("security.liveTokenKey: needs at least " + MIN_LIVE_TOKEN_KEY_BYTES
                    + " characters (e.g. openssl rand -base64 32)");
        }
        if (!k.clustered()) {
            return problems;
        }
        if (!k.redisUrl().matches("(redis|rediss)://.+|redis-sentinel://[^/]+/.+")) {
            problems.add("store.redisUrl: '" + k.redisUrl() + "' is not redis://host:port, rediss://host:port or "
                    + "redis-sentinel://host:port[,host:port...]/masterName");
        }
        if (k.nodeId() == null || !k.nodeId().matches("[A-Za-z0-9._-]{1,64}")) {
            problems.add("cluster.nodeId: '" + k.nodeId() + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (k.advertiseUrl() == null || k.advertiseUrl().isBlank()) {
            problems.add("cluster.advertiseUrl: the redis store (a cluster) needs the URL other nodes reach this "
                    + "node's gateway at, e.g. http://10.0.0.5:8080 (SHARPEYE_ADVERTISE_URL)");
        } else if (!httpUrl(k.advertiseUrl())) {
            problems.add("cluster.advertiseUrl: '" + k.advertiseUrl() + "' is not an http://host:port URL");
        }
        if (liveTokenKey == null) {
            problems.add("security.liveTokenKey: the redis store (a cluster) needs the key shared by every node, so "
                    + "that a live token issued by one is accepted by the others (SHARPEYE_LIVE_TOKEN_KEY)");
        }
        if (k.leaseSeconds() < 2 * k.heartbeatSeconds()) {
            problems.add("cluster.leaseSeconds: " + k.leaseSeconds() + " must be at least twice "
                    + "cluster.heartbeatSeconds (" + k.heartbeatSeconds() + "), or a single late heartbeat loses "
                    + "every camera");
        }
        return problems;
    }

    private static boolean httpUrl(String s) {
        try {
            URI u = new URI(s);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
                    && (u.getPath() == null || u.getPath().isEmpty() || u.getPath().equals("/"));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node";
        }
    }

    /** A configuration that cannot be used, with every reason. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(List<String> problems) {
            super("invalid configuration:\n  - " + String.join("\n  - ", problems));
        }
    }

    /** Reads dotted keys from the YAML tree with an environment override each, collecting problems. */
    private static final class Settings {
        private final JsonNode root;
        private final Map<String, String> env;
        private final List<String> problems = new ArrayList<>();

        Settings(JsonNode root, Map<String, String> env) {
            this.root = root;
            this.env = env;
        }

        String string(String key, String envName, String def) {
            String v = env.get(envName);
            if (v != null) {
                return v;
            }
            JsonNode n = node(key);
            if (n == null) {
                return def;
            }
            if (!n.isValueNode()) {
                problems.add(key + ": expected a value");
                return def;
            }
            return n.asText();
        }

        int integer(String key, String envName, int def, int min, int max) {
            String raw = env.get(envName);
            String source = envName;
            if (raw == null) {
                JsonNode n = node(key);
                if (n == null) {
                    return def;
                }
                raw = n.asText();
                source = key;
            }
            try {
                int v = Integer.parseInt(raw.trim());
                if (v < min || v > max) {
                    problems.add(source + ": " + v + " is out of range " + min + ".." + max);
                    return def;
                }
                return v;
            } catch (NumberFormatException e) {
                problems.add(source + ": '" + raw + "' is not a whole number");
                return def;
            }
        }

        void rejectUnknown(List<String> known) {
            if (root == null) {
                return;
            }
            if (!root.isObject()) {
                problems.add("the file must be a YAML mapping");
                return;
            }
            collect(root, "", known);
        }

        private void collect(JsonNode n, String prefix, List<String> known) {
            n.fieldNames().forEachRemaining(name -> {
                String key = prefix.isEmpty() ? name : prefix + "." + name;
                JsonNode child = n.get(name);
                boolean section = known.stream().anyMatch(k -> k.startsWith(key + "."));
                if (child.isObject() && section) {
                    collect(child, key, known);
                } else if (child.isNull() && section) {
                    return; // a section whose keys are all commented out
                } else if (!known.contains(key)) {
                    problems.add(key + ": unknown key");
                }
            });
        }

        void throwIfInvalid() {
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
        }

        private JsonNode node(String dotted) {
            JsonNode n = root;
            for (String part : dotted.split("\\.")) {
                if (n == null || !n.isObject()) {
                    return null;
                }
                n = n.get(part);
            }
            return n == null || n.isNull() ? null : n;
        }
    }
}
