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

    @Test
    void theRedisStoreNeedsAnAdvertisedUrlAndASharedLiveTokenKey() {
        var e = assertThrows(SharpEyeConfig.ConfigException.class,
                () -> SharpEyeConfig.load(null, Map.of("SHARPEYE_STORE", "redis")));
        assertTrue(e.getMessage().contains("cluster.advertiseUrl: the redis store (a cluster) needs"), e.getMessage());
        assertTrue(e.getMessage().contains("security.liveTokenKey: the redis store (a cluster) needs"),
                e.getMessage());
    }

    @Test
    void aClusterNodeIsConfiguredByFileAndEnvironment() throws Exception {
        Path f = write("store:\n  kind: redis\n  redisUrl: redis://10.0.0.2:6379\ncluster:\n  nodeId: n1\n"
                + "  advertiseUrl: http://10.0.0.5:8080\n  leaseSeconds: 6\n");
        SharpEyeConfig c = SharpEyeConfig.load(f, Map.of("SHARPEYE_NODE_ID", "n2",
                "SHARPEYE_LIVE_TOKEN_KEY", "0123456789abcdef0123456789abcdef"));
        assertTrue(c.clustered());
        assertEquals("n2", c.cluster().nodeId());
        assertEquals("redis://10.0.0.2:6379", c.cluster().redisUrl());
        assertEquals("http://10.0.0.5:8080", c.cluster().advertiseUrl());
        assertEquals(6, c.cluster().leaseSeconds());
        assertEquals(2, c.cluster().heartbeatSeconds());
    }

    @Test
    void incoherentClusterValuesAreNamed() {
        var e = assertThrows(SharpEyeConfig.ConfigException.class, () -> SharpEyeConfig.load(null, Map.of(
                "SHARPEYE_STORE", "redis", "SHARPEYE_REDIS_URL", "10.0.0.2:6379",
                "SHARPEYE_ADVERTISE_URL", "10.0.0.5", "SHARPEYE_LIVE_TOKEN_KEY", "short",
                "SHARPEYE_HEARTBEAT_SECONDS", "5", "SHARPEYE_LEASE_SECONDS", "6")));
        assertTrue(e.getMessage().contains("store.redisUrl: '10.0.0.2:6379' is not"), e.getMessage());
        assertTrue(e.getMessage().contains("cluster.advertiseUrl: '10.0.0.5' is not"), e.getMessage());
        assertTrue(e.getMessage().contains("security.liveTokenKey: needs at least 32"), e.getMessage());
        assertTrue(e.getMessage().contains("cluster.leaseSeconds: 6 must be at least twice"), e.getMessage());
        var kind = assertThrows(SharpEyeConfig.ConfigException.class,
                () -> SharpEyeConfig.load(null, Map.of("SHARPEYE_STORE", "etcd")));
        assertTrue(kind.getMessage().contains("store.kind: 'etcd' is neither embedded nor redis"), kind.getMessage());
    }

    private Path write(String yaml) throws Exception {
        Path f = Files.createTempFile(dir, "cfg", ".yaml");
        Files.writeString(f, yaml);
        return f;
    }
}
