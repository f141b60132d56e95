package org.sharpeye.registry;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/** Hashes user passwords with bcrypt (cost 11 by default); the hash string carries its own salt and cost. */
public final class PasswordHasher {
    private final int cost;

    public PasswordHasher(int cost) {
        this.cost = cost;
    }

    /** The default cost, about 0.1 s per hash on a small server. */
    public static PasswordHasher defaults() {
        return new PasswordHasher(11);
    }

    /** The bcrypt hash of {@code password}. bcrypt reads at most 72 bytes; longer passwords are refused upstream. */
    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    /** Whether {@code password} matches {@code hash}. */
    public boolean verify(String password, String hash) {
        if (hash == null || password.getBytes(StandardCharsets.UTF_8).length > 72) {
            return false;
        }
        return BCrypt.verifyer().verify(password.toCharArray(), hash.toCharArray()).verified;
    }
}
