package org.sharpeye.registry;

/** The user's role or site scope does not allow the operation. */
public final class PermissionDeniedException extends RegistryException {
    public PermissionDeniedException(String message) {
        super(message);
    }
}
