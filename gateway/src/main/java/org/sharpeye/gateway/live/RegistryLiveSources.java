package org.sharpeye.gateway.live;

import io.vertx.core.Future;
import org.sharpeye.ingest.SourceSpec;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.Credentials;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.StreamMode;

import java.util.Optional;

/** Live sources from the registry: a camera's profile URL and its (decrypted) credentials. */
public final class RegistryLiveSources implements LiveSources {

    private final Registry registry;

    public RegistryLiveSources(Registry registry) {
        this.registry = registry;
    }

    @Override
    public Future<Optional<SourceSpec>> source(String cameraId, String profile) {
        // The registry serves reads from memory, so this does not block the event loop.
        return Future.succeededFuture(spec(cameraId, profile));
    }

    /** The source of an enabled camera's profile, with its decrypted credentials, or empty. */
    public Optional<SourceSpec> spec(String cameraId, String profile) {
        return registry.camera(cameraId)
                .filter(Camera::enabled)
                .flatMap(camera -> camera.profile(profile).map(p -> {
                    Optional<Credentials> cred = registry.credentials(cameraId);
                    return new SourceSpec(cameraId + "/" + profile, p.url(),
                            cred.map(Credentials::username).orElse(null),
                            cred.map(Credentials::password).orElse(null),
                            camera.mode() != StreamMode.ALWAYS_ON);
                }));
    }
}
