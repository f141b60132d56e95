package org.sharpeye.gateway.live;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.sharpeye.ingest.SourceSpec;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.Credentials;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.StreamMode;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live sources from the registry: a camera's profile URL and its (decrypted) credentials. Cameras are in the
 * registry's memory, but credentials are read from the store (JDBC or Redis), so the first request for a camera
 * opens them on a worker thread; they are then kept per camera version (a credentials change always writes the
 * camera, so its version moves on and the next request reads them anew).
 */
public final class RegistryLiveSources implements LiveSources {

    private final Registry registry;
    private final Map<String, Opened> opened = new ConcurrentHashMap<>();

    public RegistryLiveSources(Registry registry) {
        this.registry = registry;
    }

    private record Opened(long cameraVersion, Optional<Credentials> credentials) {
    }

    @Override
    public Future<Optional<SourceSpec>> source(String cameraId, String profile) {
        Camera camera = registry.camera(cameraId).filter(Camera::enabled).orElse(null);
        if (camera == null) {
            return Future.succeededFuture(Optional.empty());
        }
        Opened known = opened.get(cameraId);
        if (known != null && known.cameraVersion() == camera.version()) {
            return Future.succeededFuture(spec(camera, profile, known.credentials()));
        }
        Context context = Vertx.currentContext();
        if (context == null) {
            return Future.succeededFuture(spec(cameraId, profile));
        }
        return context.executeBlocking(() -> spec(cameraId, profile), false);
    }

    /** The source of an enabled camera's profile, with its decrypted credentials, or empty. Blocks on the store. */
    public Optional<SourceSpec> spec(String cameraId, String profile) {
        return registry.camera(cameraId)
                .filter(Camera::enabled)
                .flatMap(camera -> {
                    Opened known = opened.get(cameraId);
                    Optional<Credentials> cred = known != null && known.cameraVersion() == camera.version()
                            ? known.credentials() : registry.credentials(cameraId);
                    opened.put(cameraId, new Opened(camera.version(), cred));
                    return spec(camera, profile, cred);
                });
    }

    private static Optional<SourceSpec> spec(Camera camera, String profile, Optional<Credentials> cred) {
        return camera.profile(profile).map(p -> new SourceSpec(camera.id() + "/" + profile, p.url(),
                cred.map(Credentials::username).orElse(null),
                cred.map(Credentials::password).orElse(null),
                camera.mode() != StreamMode.ALWAYS_ON));
    }
}
