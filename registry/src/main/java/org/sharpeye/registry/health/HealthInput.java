package org.sharpeye.registry.health;

/**
 * Where health learns about cameras: ingest's observations of watched profiles, the prober's results for idle ones,
 * and the picture and rate checks. Thread-safe and non-blocking: callers (ingest event loops, prober threads) only
 * enqueue; the judgement runs on the health monitor's own thread.
 */
public interface HealthInput {

    /** Records one observation of a camera profile; unknown cameras are ignored. */
    void observe(HealthObservation observation);
}
