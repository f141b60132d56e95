package org.sharpeye.gateway.live;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Short-lived signed live tokens: {@code base64url(cameraId|username|expiry)} + "." + {@code base64url(HMAC-SHA256)}.
 * A token is bound to one camera and one user and expires (default 5 minutes: enough to open the stream; an open
 * stream is not cut when its token expires). The key is the node's own unless one is configured (a cluster shares
 * one so that any node accepts a token another issued).
 */
public final class LiveTokens {

    /** How long a new token may be used to open a stream. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final byte[] key;
    private final Clock clock;
    private final Duration ttl;
    /**
     * One initialized HMAC per thread: looking the algorithm up and keying it on every request cost about a tenth
     * of a millisecond of a viewer's switch time (a Mac is not thread-safe, event loops verify concurrently).
     */
    private final ThreadLocal<Mac> macs;

    public LiveTokens(byte[] key, Clock clock, Duration ttl) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a live token key needs at least 32 bytes");
        }
        this.key = key.clone();
        this.clock = clock;
        this.ttl = ttl;
        byte[] own = this.key;
        this.macs = ThreadLocal.withInitial(() -> newMac(own));
    }

    /** Tokens signed with a random key of this process. */
    public static LiveTokens random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new LiveTokens(key, Clock.systemUTC(), DEFAULT_TTL);
    }

    /** What a valid token grants. */
    public record Grant(String cameraId, String username, Instant expiresAt) {
    }

    /** A new token for {@code username} to open {@code cameraId}. */
    public String issue(String cameraId, String username) {
        return issue(cameraId, username, ttl);
    }

    /** A new token valid for {@code validFor} (the demo prints URLs that must work for a while). */
    public String issue(String cameraId, String username, Duration validFor) {
        Instant expiry = clock.instant().plus(validFor);
        String payload = cameraId + "|" + username + "|" + expiry.getEpochSecond();
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(p) + "." + B64.encodeToString(sign(p));
    }

    /** The expiry of a token issued now. */
    public Instant expiryOfNewToken() {
        return clock.instant().plus(ttl);
    }

    /** The grant of a well-signed, unexpired token for {@code cameraId}, or empty. Never throws on bad input. */
    public Optional<Grant> verify(String token, String cameraId) {
        if (token == null || token.length() > 1024) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = B64D.decode(token.substring(0, dot));
            signature = B64D.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(signature, sign(payload))) {
            return Optional.empty();
        }
        String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length != 3 || !parts[0].equals(cameraId)) {
            return Optional.empty();
        }
        try {
            Instant expiry = Instant.ofEpochSecond(Long.parseLong(parts[2]));
            return clock.instant().isAfter(expiry) ? Optional.empty()
                    : Optional.of(new Grant(parts[0], parts[1], expiry));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private byte[] sign(byte[] payload) {
        return macs.get().doFinal(payload); // doFinal resets the Mac for the next payload, keeping its key
    }

    private static Mac newMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
