package org.sharpeye.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Prometheus configuration, rules and the Grafana dashboard: valid for promtool (the rules' unit tests pass), and
 * every metric they read is one SharpEye's /metrics exports or one the rules record.
 */
class MonitoringFilesTest {

    private static final Path PROMETHEUS = DeployFiles.DEPLOY.resolve("prometheus");

    /** Rule name -> expression, for every rule of every rule file. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> rules() {
        Map<String, String> rules = new LinkedHashMap<>();
        for (Path file : DeployFiles.withExtension("yml", "yaml")) {
            if (!file.startsWith(PROMETHEUS.resolve("rules"))) {
                continue;
            }
            for (Map<String, Object> group : (List<Map<String, Object>>) DeployFiles.yaml(file).get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    String name = (String) (rule.containsKey("record") ? rule.get("record") : rule.get("alert"));
                    rules.put(name, (String) rule.get("expr"));
                }
            }
        }
        return rules;
    }

    private static Set<String> recorded() {
        Set<String> recorded = new TreeSet<>();
        rules().keySet().stream().filter(n -> n.contains(":")).forEach(recorded::add);
        return recorded;
    }

    /** Every PromQL expression of the dashboard: panel targets and the variables' queries (inside label_values). */
    private static List<String> dashboardExpressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        for (Path p : DeployFiles.withExtension("json")) {
            JsonNode dashboard = new ObjectMapper().readTree(p.toFile());
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    exprs.add(target.path("expr").asText());
                }
            }
            Pattern labelValues = Pattern.compile("label_values\\((.*),\\s*[a-z_]+\\)");
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if (variable.path("type").asText().equals("query")) {
                    Matcher m = labelValues.matcher(variable.path("query").path("query").asText());
                    assertTrue(m.matches(), "a label_values query: " + variable);
                    exprs.add(m.group(1));
                }
            }
        }
        return exprs;
    }

    @Test
    void rulesAndDashboardReadOnlyMetricsSharpEyeExports() throws IOException {
        Set<String> exported = ExportedMetrics.names();
        Set<String> known = new TreeSet<>(exported);
        known.addAll(ExportedMetrics.PROMETHEUS_SERIES);
        known.addAll(recorded());
        Map<String, Set<String>> unknown = new LinkedHashMap<>();
        Set<String> used = new TreeSet<>();
        List<String> exprs = new ArrayList<>(rules().values());
        exprs.addAll(dashboardExpressions());
        assertTrue(exprs.size() > 20, "rules and panels: " + exprs.size());
        for (String expr : exprs) {
            Set<String> names = PromQl.metricNames(expr);
            assertTrue(!names.isEmpty(), "reads a metric: " + expr);
            used.addAll(names);
            Set<String> missing = new TreeSet<>(names);
            missing.removeAll(known);
            if (!missing.isEmpty()) {
                unknown.put(expr, missing);
            }
        }
        assertEquals(Map.of(), unknown, "metrics SharpEye does not export (it exports " + exported + ")");
        assertTrue(used.containsAll(Set.of("up", "sharpeye_cameras", "sharpeye_alerts_open", "sharpeye_streams",
                "sharpeye_viewers", "sharpeye_probes_total", "jvm_memory_used_bytes")), used.toString());
    }

    @Test
    void theRequiredAlertsExist() {
        Set<String> alerts = new TreeSet<>(rules().keySet());
        alerts.removeAll(recorded());
        assertTrue(alerts.containsAll(Set.of("SharpEyeNodeDown", "SharpEyeSiteOnlineRateLow",
                "SharpEyeManyCamerasOffline")), alerts.toString());
        assertTrue(rules().get("SharpEyeNodeDown").contains("up{job=\"sharpeye\"}"));
    }

    @Test
    void promtoolAcceptsBothConfigurationsAndTheRulesPassTheirUnitTests() {
        for (String config : List.of("prometheus.yml", "kubernetes.yml")) {
            Promtool check = Promtool.run(PROMETHEUS, "promtool", "check", "config", config);
            assertEquals(0, check.exitCode(), check.output());
            assertTrue(check.output().contains("rules found"), "the rule files are found from " + config);
        }
        Promtool test = Promtool.run(PROMETHEUS, "promtool", "test", "rules", "tests/sharpeye.rules.test.yml");
        assertEquals(0, test.exitCode(), test.output());
        assertTrue(test.output().contains("SUCCESS"), test.output());
    }

    @Test
    void everyDashboardQueryIsValidPromQl() throws IOException {
        // promtool has no query parser of its own: each query becomes a recording rule it checks
        StringBuilder file = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        List<String> exprs = dashboardExpressions();
        for (int i = 0; i < exprs.size(); i++) {
            file.append("      - record: dashboard:query_").append(i).append('\n')
                    .append("        expr: '").append(PromQl.withGrafanaVariables(exprs.get(i)).replace("'", "''"))
                    .append("'\n");
        }
        Path rules = Files.createTempFile("sharpeye-dashboard-", ".yml");
        try {
            Files.writeString(rules, file);
            Promtool check = Promtool.run(PROMETHEUS, "promtool", "check", "rules", rules.toString());
            assertEquals(0, check.exitCode(), check.output());
            assertTrue(check.output().contains(exprs.size() + " rules found"), check.output());
        } finally {
            Files.delete(rules);
        }
    }

    @Test
    void theDashboardPanelsUseItsDataSourceVariable() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DeployFiles.file("grafana/dashboards/sharpeye.json").toFile());
        assertEquals("datasource", dashboard.path("templating").path("list").path(0).path("type").asText());
        for (JsonNode panel : dashboard.path("panels")) {
            if (!panel.path("type").asText().equals("row")) {
                assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), panel.toString());
                assertTrue(panel.path("targets").size() > 0, panel.path("title").asText());
            }
        }
    }
}
