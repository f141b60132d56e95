package org.sharpeye.registry.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real redis-server shared by the tests of one class: started in a temp directory before the first, stopped (and
 * the directory removed) after the last. Register it in a {@code @RegisterExtension static final} field.
 */
final class SharedRedis implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private RedisServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("redis");
        server = RedisServer.start(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /** The server's redis:// URI. */
    String uri() {
        return server.uri();
    }
}
