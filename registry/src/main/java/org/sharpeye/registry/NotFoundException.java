package org.sharpeye.registry;

/** The named site, camera or user does not exist (or the caller may not see it). */
public final class NotFoundException extends RegistryException {
    public NotFoundException(String what, String id) {
        super(what + " not found: " + id);
    }
}
