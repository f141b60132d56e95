package org.sharpeye.ingest.rtsp;

import java.util.Objects;

/** A camera's user name and password, given apart from the URL so that any character may appear in them. */
public record Credentials(String username, String password) {

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "Credentials[" + username + ", ***]";
    }
}
