package org.sharpeye.gateway;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
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
 */
public record SharpEyeConfig(String httpHost, int httpPort, Path dataDir, int idleTimeoutSeconds) {

    public static final SharpEyeConfig DEFAULTS = new SharpEyeConfig("0.0.0.0", 8080, Path.of("data"), 30);

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
        SharpEyeConfig c = new SharpEyeConfig(
                s.string("http.host", "SHARPEYE_HTTP_HOST", DEFAULTS.httpHost),
                s.integer("http.port", "SHARPEYE_HTTP_PORT", DEFAULTS.httpPort, 0, 65535),
                Path.of(s.string("data.dir", "SHARPEYE_DATA_DIR", DEFAULTS.dataDir.toString())),
                s.integer("ingest.idleTimeoutSeconds", "SHARPEYE_INGEST_IDLE_TIMEOUT",
                        DEFAULTS.idleTimeoutSeconds, 0, 86_400));
        s.rejectUnknown(List.of("http.host", "http.port", "data.dir", "ingest.idleTimeoutSeconds"));
        s.throwIfInvalid();
        return c;
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
                if (child.isObject() && known.stream().anyMatch(k -> k.startsWith(key + "."))) {
                    collect(child, key, known);
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
