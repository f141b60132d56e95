package org.sharpeye.registry.wall;

import org.sharpeye.registry.RegistryException;

/**
 * A change of a wall or tour named a version that is no longer the stored one; carries the record as it is now, so
 * the client can show it and merge (the API answers 409 with it).
 */
public final class StaleVersionException extends RegistryException {
    private final Object current;

    public StaleVersionException(String what, String id, long expected, long currentVersion, Object current) {
        super(what + " " + id + " is at version " + currentVersion + ", not " + expected);
        this.current = current;
    }

    /** The stored record (a {@link Wall} or {@link Tour}). */
    public Object current() {
        return current;
    }
}
