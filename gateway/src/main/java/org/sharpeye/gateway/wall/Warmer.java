package org.sharpeye.gateway.wall;

/**
 * Starts pulling a camera profile ahead of need, so a tour's switch finds the stream running: {@link #warm} returns
 * a handle that lets the camera go again (an on-demand source then stops after ingest's idle timeout).
 */
@FunctionalInterface
public interface Warmer {

    /** A warmer that does nothing (no ingest on this node, or tests of the wall logic alone). */
    static Warmer none() {
        return (cameraId, profile) -> () -> { };
    }

    /** Starts pulling {@code cameraId}'s {@code profile}; closing the handle lets it go. Must not block. */
    Warm warm(String cameraId, String profile);

    /** A warmed camera; closing it is idempotent and never throws. */
    interface Warm extends AutoCloseable {
        @Override
        void close();
    }
}
