package org.sharpeye.deploy;

import org.sharpeye.gateway.SharpEyeConfig;
import org.sharpeye.registry.Accounts;
import org.sharpeye.registry.SecretBox;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration SharpEye really accepts: the keys and variables docs/operations.md documents, each checked
 * against the code (SharpEyeConfig for configuration keys, the registry's constants for the others).
 */
final class ConfigKeys {

    /** A value no default and no deployment file contains, so that finding it in the configuration proves a read. */
    static final String PROBE = "sharpeye-probe-7f3a";

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|\\s*(?:`([^`]+)`)?.*$");

    /** Configuration key -> its environment variable, in the order of the operations guide. */
    final Map<String, String> keyToVariable = new LinkedHashMap<>();
    /** Documented variables that are not configuration keys (secrets read by the registry). */
    final Set<String> otherVariables = new TreeSet<>();

    private ConfigKeys() {
    }

    static ConfigKeys documented() {
        ConfigKeys keys = new ConfigKeys();
        for (String line : DeployFiles.read(DeployFiles.REPO.resolve("docs/operations.md")).split("\n")) {
            Matcher m = ROW.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            String first = m.group(1);
            String second = m.group(2);
            if (first.matches("[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)+") && second != null
                    && second.startsWith("SHARPEYE_")) {
                keys.keyToVariable.put(first, second);
            } else if (first.startsWith("SHARPEYE_")) {
                keys.otherVariables.add(first);
            }
        }
        if (keys.keyToVariable.isEmpty()) {
            throw new AssertionError("docs/operations.md lists no configuration keys");
        }
        return keys;
    }

    /** The variables the registry reads itself (not through SharpEyeConfig). */
    static Set<String> registryVariables() {
        return Set.of(Accounts.ADMIN_PASSWORD_VARIABLE, SecretBox.ENVIRONMENT_VARIABLE);
    }

    Set<String> allVariables() {
        Set<String> all = new TreeSet<>(keyToVariable.values());
        all.addAll(otherVariables);
        return all;
    }

    String keyOf(String variable) {
        return keyToVariable.entrySet().stream().filter(e -> e.getValue().equals(variable)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /**
     * Whether SharpEyeConfig reads this variable: set to {@link #PROBE} alone, it either shows up in the loaded
     * configuration or is refused with a message naming the variable or its key.
     */
    static boolean configReads(String variable, String key) {
        SharpEyeConfig config;
        try {
            config = SharpEyeConfig.load(null, Map.of(variable, PROBE));
        } catch (SharpEyeConfig.ConfigException e) {
            return e.getMessage().contains(variable) || (key != null && e.getMessage().contains(key));
        }
        for (RecordComponent c : SharpEyeConfig.class.getRecordComponents()) {
            Object value;
            try {
                value = c.getAccessor().invoke(config);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            String text = value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
                    : value instanceof char[] ch ? new String(ch) : Objects.toString(value);
            if (text.contains(PROBE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Secrets made as deploy/compose/env.example and deploy/kubernetes/secrets.env.example say to make them
     * ({@code head -c 32 /dev/urandom | base64}, the keyring as {@code k1=<that>}).
     */
    static Map<String, String> sampleSecrets() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        java.util.function.IntFunction<String> base64 = n -> {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return java.util.Base64.getEncoder().encodeToString(b);
        };
        Map<String, String> secrets = Map.of(Accounts.ADMIN_PASSWORD_VARIABLE, base64.apply(18),
                SecretBox.ENVIRONMENT_VARIABLE, "k1=" + base64.apply(32),
                "SHARPEYE_LIVE_TOKEN_KEY", base64.apply(32));
        SecretBox.parse(secrets.get(SecretBox.ENVIRONMENT_VARIABLE)); // the keyring format the examples teach
        return secrets;
    }

    /** Loads a configuration file with an environment, as a node would at start (throws what the node would print). */
    static SharpEyeConfig load(Path file, Map<String, String> env) {
        return SharpEyeConfig.load(file, env);
    }
}
