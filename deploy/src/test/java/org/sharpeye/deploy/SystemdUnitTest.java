package org.sharpeye.deploy;

import org.junit.jupiter.api.Test;
import org.sharpeye.gateway.SharpEyeConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** deploy/systemd/sharpeye.service: starts the built jar as the node does, unprivileged, restarted on failure. */
class SystemdUnitTest {

    private static final Path UNIT = DeployFiles.file("systemd/sharpeye.service");

    /** "Section.Key" -> every value given (Environment= may repeat). */
    private static Map<String, List<String>> entries() {
        Map<String, List<String>> entries = new LinkedHashMap<>();
        String section = "";
        for (String raw : DeployFiles.read(UNIT).split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = line.substring(1, line.length() - 1);
                continue;
            }
            int eq = line.indexOf('=');
            entries.computeIfAbsent(section + "." + line.substring(0, eq), k -> new ArrayList<>())
                    .add(line.substring(eq + 1));
        }
        return entries;
    }

    private static String one(String key) {
        List<String> v = entries().get(key);
        assertTrue(v != null && v.size() == 1, key + ": " + v);
        return v.get(0);
    }

    @Test
    void startsTheJarWithTheRunCommandAsTheServiceUser() {
        assertEquals("sharpeye", one("Service.User"));
        assertEquals("/etc/sharpeye/sharpeye.env", one("Service.EnvironmentFile"));
        assertEquals("on-failure", one("Service.Restart"));
        String exec = one("Service.ExecStart");
        assertTrue(exec.startsWith("/usr/bin/java $JAVA_OPTS "), exec);
        String jar = DockerfileTest.builtJar();
        assertTrue(exec.contains(" -jar /opt/sharpeye/" + Path.of(jar).getFileName() + " run --config "
                + "/etc/sharpeye/sharpeye.yaml"), exec);
        assertTrue(entries().get("Service.Environment").contains("SHARPEYE_DATA_DIR=/var/lib/sharpeye"));
        assertEquals("sharpeye", one("Service.StateDirectory"), "/var/lib/sharpeye, owned by the service user");
        assertEquals("143", one("Service.SuccessExitStatus"), "the JVM's exit status after SIGTERM");
        assertEquals("multi-user.target", one("Install.WantedBy"));
    }

    @Test
    void isHardenedButLetsTheJitWork() {
        for (String key : List.of("NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices",
                "ProtectKernelTunables", "ProtectKernelModules", "ProtectControlGroups", "RestrictNamespaces",
                "RestrictSUIDSGID", "LockPersonality")) {
            assertEquals("yes", one("Service." + key), key);
        }
        assertEquals("strict", one("Service.ProtectSystem"));
        assertEquals("", one("Service.CapabilityBoundingSet"), "no capabilities: the port is above 1024");
        assertTrue(SharpEyeConfig.DEFAULTS.httpPort() > 1024);
        assertFalse(entries().containsKey("Service.MemoryDenyWriteExecute"), "the JIT writes code it runs");
    }

    @Test
    void systemdAcceptsTheUnit() {
        Promtool verify = Promtool.run(DeployFiles.DEPLOY, "systemd-analyze", "verify", UNIT.toString());
        assertEquals(0, verify.exitCode(), verify.output());
        assertFalse(verify.output().contains(UNIT.getFileName().toString()), "no complaint: " + verify.output());
    }
}
