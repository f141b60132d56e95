package org.sharpeye.camsim;

/**
 * A fault set on a camera.
 *
 * @param fault   what goes wrong
 * @param profile "main", "sub", or null (also "all") for every profile of the camera
 * @param delayMs for {@link Fault#SLOW}: how long every RTSP response is held back (default 5000)
 */
public record FaultSpec(Fault fault, String profile, long delayMs) {

    /** The delay of {@link Fault#SLOW} when none is given. */
    public static final long DEFAULT_DELAY_MS = 5000;

    public FaultSpec {
        if (fault == null) {
            throw new IllegalArgumentException("fault is required");
        }
        if (profile != null && (profile.isBlank() || profile.equals("all"))) {
            profile = null;
        }
        if (delayMs <= 0) {
            delayMs = DEFAULT_DELAY_MS;
        }
        if (delayMs > 600_000) {
            throw new IllegalArgumentException("delayMs must be at most 600000");
        }
    }

    /** The fault on every profile, with the default delay. */
    public static FaultSpec of(Fault fault) {
        return new FaultSpec(fault, null, DEFAULT_DELAY_MS);
    }

    /** The fault on one profile ("main" or "sub"), with the default delay. */
    public static FaultSpec of(Fault fault, String profile) {
        return new FaultSpec(fault, profile, DEFAULT_DELAY_MS);
    }

    /** True when the fault applies to the given profile. */
    public boolean covers(String profileName) {
        return profile == null || profile.equals(profileName);
    }
}
