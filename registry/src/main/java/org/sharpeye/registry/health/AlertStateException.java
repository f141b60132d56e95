package org.sharpeye.registry.health;

/** An alert cannot make the asked transition from its state (e.g. verify an open alert); the API answers 409. */
public final class AlertStateException extends RuntimeException {

    public AlertStateException(String message) {
        super(message, null, false, false);
    }
}
