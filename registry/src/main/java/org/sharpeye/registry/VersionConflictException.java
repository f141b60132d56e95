package org.sharpeye.registry;

/** An update named a version that is no longer the stored one: someone else changed the record first. */
public final class VersionConflictException extends RegistryException {
    private final long currentVersion;

    public VersionConflictException(String what, String id, long expected, long current) {
        super(what + " " + id + " is at version " + current + ", not " + expected);
        this.currentVersion = current;
    }

    /** The stored version (0 when the record does not exist). */
    public long currentVersion() {
        return currentVersion;
    }
}
