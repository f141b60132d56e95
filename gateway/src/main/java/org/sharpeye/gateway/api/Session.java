package org.sharpeye.gateway.api;

import java.time.Instant;

/** A logged-in user's bearer token: whose it is, when it was issued and when it was last used. */
public record Session(String username, Instant issued, Instant lastUsed) {
}
