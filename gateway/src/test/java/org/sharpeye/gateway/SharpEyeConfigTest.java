package org.sharpeye.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharpEyeConfigTest {

    @TempDir
    Path dir;

    @Test
    void noFileMeansTheDocumentedDefaults() {
        assertEquals(SharpEyeConfig.DEFAULTS, SharpEyeConfig.load(null, Map.of()));
    }

    @Test
    void theShippedExampleFileIsValidAndStatesTheDefaults() {
        Path example = Path.of("..", "deploy", "sharpeye.yaml");
        assertEquals(SharpEyeConfig.DEFAULTS, SharpEyeConfig.load(example, Map.of()));
    }

    @Test
    void fileValuesApplyAndEnvironmentWins() throws Exception {
        Path f = write("http:\n  port: 9090\n  host: 127.0.0.1\ningest:\n  idleTimeoutSeconds: 5\n");
        SharpEyeConfig c = SharpEyeConfig.load(f, Map.of("SHARPEYE_HTTP_PORT", "7070"));
        assertEquals(7070, c.httpPort());
        assertEquals("127.0.0.1", c.httpHost());
        assertEquals(5, c.idleTimeoutSeconds());
    }

    @Test
    void everyProblemIsNamedAtOnce() throws Exception {
        Path f = write("http:\n  port: 70000\n  prot: 1\ningest:\n  idleTimeoutSeconds: soon\n");
        var e = assertThrows(SharpEyeConfig.ConfigException.class, () -> SharpEyeConfig.load(f, Map.of()));
        assertTrue(e.getMessage().contains("http.port: 70000 is out of range"), e.getMessage());
        assertTrue(e.getMessage().contains("http.prot: unknown key"), e.getMessage());
        assertTrue(e.getMessage().contains("ingest.idleTimeoutSeconds: 'soon' is not a whole number"), e.getMessage());
    }

    @Test
    void aBadEnvironmentValueIsNamedByItsVariable() {
        var e = assertThrows(SharpEyeConfig.ConfigException.class,
                () -> SharpEyeConfig.load(null, Map.of("SHARPEYE_HTTP_PORT", "http")));
        assertTrue(e.getMessage().contains("SHARPEYE_HTTP_PORT: 'http' is not a whole number"), e.getMessage());
    }

    @Test
    void aFileThatIsNotYamlOrNotAMappingIsRejected() throws Exception {
        assertThrows(SharpEyeConfig.ConfigException.class,
                () -> SharpEyeConfig.load(write("http: [unclosed\n"), Map.of()));
        var e = assertThrows(SharpEyeConfig.ConfigException.class,
                () -> SharpEyeConfig.load(write("- a list\n"), Map.of()));
        assertTrue(e.getMessage().contains("mapping"), e.getMessage());
        assertThrows(SharpEyeConfig.ConfigException.class,
                () -> SharpEyeConfig.load(dir.resolve("missing.yaml"), Map.of()));
    }

    private Path write(String yaml) throws Exception {
        Path f = Files.createTempFile(dir, "cfg", ".yaml");
        Files.writeString(f, yaml);
        return f;
    }
}
