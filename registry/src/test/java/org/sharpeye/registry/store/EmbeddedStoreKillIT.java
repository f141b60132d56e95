package org.sharpeye.registry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeye.registry.Registry;

/** An acknowledged write to the embedded store survives SIGKILL of the process in the middle of a stream of writes. */
class EmbeddedStoreKillIT {
    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedWriteIsThereAfterKillNine() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AcknowledgedWriter.class.getName(), dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertEquals("ready", out.readLine());
            while (acknowledged.size() < 300) {
                String line = out.readLine();
                assertTrue(line != null, "the writer died after " + acknowledged.size() + " writes");
                acknowledged.add(line);
            }
            // Kill while it is still writing: destroyForcibly is SIGKILL on Linux, no shutdown hooks run.
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue(), "killed by SIGKILL");
            // Lines still in the pipe were acknowledged too, but destroy closed our end; checking the ones read is
            // enough: the writer was in the middle of further writes when it died.
        } finally {
            child.destroyForcibly();
        }
        try (Registry reopened = Registry.embedded(dataDir)) {
            for (String id : acknowledged) {
                assertTrue(reopened.camera(id).isPresent(), "acknowledged camera " + id + " lost");
                assertTrue(reopened.credentials(id).isPresent(), "credentials of " + id + " lost");
            }
            assertTrue(reopened.cameraCount() >= acknowledged.size());
        }
    }
}
