package org.sharpeye.gateway.api;

/** A request refused with an HTTP status and a message safe to show the client. */
public final class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }
}
