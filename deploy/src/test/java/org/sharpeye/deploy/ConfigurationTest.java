package org.sharpeye.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.sharpeye.gateway.SharpEyeConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every deployment file parses, and names only configuration SharpEye has: each SHARPEYE_* variable is documented
 * in docs/operations.md and read by the code, each configuration file is accepted by SharpEyeConfig.load.
 */
class ConfigurationTest {

    @Test
    void everyYamlAndJsonFileParses() {
        List<Path> yaml = DeployFiles.withExtension("yaml", "yml");
        assertTrue(yaml.size() >= 10, "the deployment's YAML files: " + yaml);
        for (Path p : yaml) {
            assertDoesNotThrow(() -> DeployFiles.yamlDocuments(p), p.toString());
            assertTrue(!DeployFiles.yamlDocuments(p).isEmpty(), p + " is not empty");
        }
        List<Path> json = DeployFiles.withExtension("json");
        assertTrue(!json.isEmpty(), "the Grafana dashboard");
        for (Path p : json) {
            assertDoesNotThrow(() -> new ObjectMapper().readTree(p.toFile()), p.toString());
        }
    }

    @Test
    void everyDocumentedKeyIsReadFromItsVariable() {
        ConfigKeys keys = ConfigKeys.documented();
        List<String> unread = new ArrayList<>();
        keys.keyToVariable.forEach((key, variable) -> {
            if (!ConfigKeys.configReads(variable, key)) {
                unread.add(key + " / " + variable);
            }
        });
        assertEquals(List.of(), unread, "documented in docs/operations.md but not read by SharpEyeConfig");
        assertEquals(ConfigKeys.registryVariables(), keys.otherVariables,
                "the other variables docs/operations.md documents are the ones the registry reads");
    }

    @Test
    void everyVariableTheDeploymentSetsIsARealOne() {
        ConfigKeys keys = ConfigKeys.documented();
        Map<String, List<String>> mentioned = DeployFiles.variablesMentioned();
        // the cluster: store, Redis, node identity and the shared live token key (docs/deploy.md)
        assertTrue(mentioned.keySet().containsAll(Set.of("SHARPEYE_STORE", "SHARPEYE_REDIS_URL", "SHARPEYE_NODE_ID",
                "SHARPEYE_ADVERTISE_URL", "SHARPEYE_LIVE_TOKEN_KEY", "SHARPEYE_ADMIN_PASSWORD",
                "SHARPEYE_SECRET_KEYS", "SHARPEYE_DATA_DIR")), mentioned.keySet().toString());
        List<String> unknown = new ArrayList<>();
        mentioned.forEach((variable, where) -> {
            boolean real = keys.otherVariables.contains(variable) && ConfigKeys.registryVariables().contains(variable)
                    || keys.keyToVariable.containsValue(variable)
                    && ConfigKeys.configReads(variable, keys.keyOf(variable));
            if (!real) {
                unknown.add(variable + " (in " + String.join(", ", Set.copyOf(where)) + ")");
            }
        });
        if (!unknown.isEmpty()) {
            fail("variables that docs/operations.md does not document or SharpEye does not read: " + unknown);
        }
    }

    @Test
    void theExampleConfigurationLoads() {
        SharpEyeConfig example = SharpEyeConfig.load(DeployFiles.REPO.resolve("deploy/sharpeye.yaml"), Map.of());
        assertEquals(8080, example.httpPort());
    }
}
