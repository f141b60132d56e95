package org.sharpeye.registry;

/** The record cannot be deleted or changed that way because others depend on it (a site with cameras...). */
public final class InUseException extends RegistryException {
    public InUseException(String message) {
        super(message);
    }
}
