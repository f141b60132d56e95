package org.sharpeye.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image's start against the jar this build produced (see {@link ImageNode}): the node comes up, serves
 * /healthz, /readyz and /metrics, the HEALTHCHECK command passes against it and fails once it is stopped.
 */
class ImageCommandIT {

    @TempDir
    Path root;

    @Test
    void theImageCommandStartsTheBuiltJarAndPassesItsHealthCheck() throws Exception {
        try (ImageNode node = ImageNode.start(root, Map.of("SHARPEYE_ADMIN_PASSWORD",
                "image-command-it-" + System.nanoTime()))) {
            node.awaitStatus("/healthz", 200);
            node.awaitStatus("/readyz", 200);
            HttpResponse<String> metrics = node.get("/metrics");
            assertEquals(200, metrics.statusCode());
            Set<String> live = ExportedMetrics.namesIn(metrics.body());
            assertTrue(live.containsAll(Set.of("sharpeye_streams", "sharpeye_stream_bits_per_second",
                    "jvm_memory_used_bytes", "process_cpu_seconds_total")), live.toString());
            Set<String> unexpected = new TreeSet<>(live);
            unexpected.removeAll(ExportedMetrics.names());
            assertEquals(Set.of(), unexpected, "the live node exports what the rules' check knows of");

            List<String> healthCheck = node.docker.healthCheckCommand();
            assertEquals(0, runHealthCheck(healthCheck, node.port), "HEALTHCHECK passes against the running node");

            assertEquals(143, node.terminate(45), "SIGTERM: the node closes in order within the deployments' 45 s "
                    + "grace and exits with the status systemd's SuccessExitStatus accepts");
            assertNotEquals(0, runHealthCheck(healthCheck, node.port), "HEALTHCHECK fails once the node is gone");
            assertTrue(Files.isRegularFile(node.volume.resolve("registry.mv.db")),
                    "the embedded store is in the volume");
        }
    }

    private static int runHealthCheck(List<String> command, int port) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SHARPEYE_HTTP_PORT", Integer.toString(port));
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the health check ends");
        return p.exitValue();
    }
}
