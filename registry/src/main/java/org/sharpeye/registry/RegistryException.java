package org.sharpeye.registry;

/** A registry operation that cannot be done; the subclasses say why. Messages never carry secrets. */
public class RegistryException extends RuntimeException {
    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
