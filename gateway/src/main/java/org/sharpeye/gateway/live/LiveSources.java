package org.sharpeye.gateway.live;

import io.vertx.core.Future;
import org.sharpeye.ingest.SourceSpec;

import java.util.Optional;

/** Tells the live endpoints what to pull for a camera profile; backed by the registry. */
@FunctionalInterface
public interface LiveSources {

    /**
     * The source of a camera's profile ("main" or "sub"), or empty when the camera or profile is unknown or the
     * camera is disabled. Completes on the caller's context; never blocks it.
     */
    Future<Optional<SourceSpec>> source(String cameraId, String profile);
}
