package org.sharpeye.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets at rest with AES-256-GCM (NIST SP 800-38D): a fresh 96-bit nonce per seal, a 128-bit tag, and the
 * owner's id (the camera id) as associated data so a sealed value cannot be moved to another camera. A keyring holds
 * named keys; the last one seals, any of them opens, so keys rotate by adding a new one, re-sealing
 * ({@link Registry#resealSecrets}) and then removing the old one (docs/registry.md).
 *
 * <p>Keyring text: one {@code keyId=base64(32 bytes)} per line (file) or separated by commas (environment variable
 * {@code SHARPEYE_SECRET_KEYS}).
 */
public final class SecretBox {
    /** The environment variable that holds the keyring. */
    public static final String ENVIRONMENT_VARIABLE = "SHARPEYE_SECRET_KEYS";
    private static final String FORMAT = "gcm1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Cipher.getInstance is a provider lookup; a bulk import seals 10^5 secrets, so each thread keeps one. */
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no AES/GCM", e);
        }
    });

    private final Map<String, SecretKeySpec> keys;
    private final String activeKeyId;

    private SecretBox(Map<String, SecretKeySpec> keys, String activeKeyId) {
        this.keys = keys;
        this.activeKeyId = activeKeyId;
    }

    /** A box with one fresh random key (in-memory registries, tests). */
    public static SecretBox random() {
        return parse("k1=" + Base64.getEncoder().encodeToString(randomKey()));
    }

    /** A box from keyring text (see the class comment). */
    public static SecretBox parse(String keyring) {
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        String last = null;
        for (String entry : keyring.split("[,\\n]")) {
            String e = entry.strip();
            if (e.isEmpty() || e.startsWith("#")) {
                continue;
            }
            int eq = e.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("keyring entry without 'id=': entry " + (keys.size() + 1));
            }
            byte[] key = Base64.getDecoder().decode(e.substring(eq + 1).strip());
            if (key.length != 32) {
                throw new IllegalArgumentException("key " + e.substring(0, eq) + " is not 32 bytes (AES-256)");
            }
            last = e.substring(0, eq).strip();
            keys.put(last, new SecretKeySpec(key, "AES"));
        }
        if (last == null) {
            throw new IllegalArgumentException("keyring has no key");
        }
        return new SecretBox(keys, last);
    }

    /**
     * The keyring from {@code SHARPEYE_SECRET_KEYS} if set, else from {@code keyFile}; creates that file (mode 0600)
     * with a fresh key when neither exists.
     */
    public static SecretBox load(Path keyFile) {
        String env = System.getenv(ENVIRONMENT_VARIABLE);
        if (env != null && !env.isBlank()) {
            return parse(env);
        }
        try {
            if (!Files.exists(keyFile)) {
                Files.createDirectories(keyFile.toAbsolutePath().getParent());
                String text = "# SharpEye secret keyring: the last key seals; see docs/registry.md to rotate.\n"
                        + "k1=" + Base64.getEncoder().encodeToString(randomKey()) + "\n";
                Files.writeString(keyFile, text, StandardCharsets.UTF_8);
                try {
                    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system; nothing more to do
                }
            }
            return parse(Files.readString(keyFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RegistryException("cannot read the secret keyring " + keyFile, e);
        }
    }

    /** A fresh 256-bit key. */
    public static byte[] randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    /** The id of the key that seals. */
    public String activeKeyId() {
        return activeKeyId;
    }

    /** The ids of every key in the ring. */
    public List<String> keyIds() {
        return List.copyOf(keys.keySet());
    }

    /** {@code plaintext} sealed with the active key, bound to {@code owner}: "gcm1:keyId:nonce:ciphertext". */
    public String seal(String plaintext, String owner) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = CIPHER.get();
            c.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder b64 = Base64.getEncoder();
            return FORMAT + ":" + activeKeyId + ":" + b64.encodeToString(nonce) + ":" + b64.encodeToString(ct);
        } catch (GeneralSecurityException e) {
            throw new RegistryException("cannot seal a secret", e);
        }
    }

    /** The key id a sealed value was sealed with. */
    public static String keyIdOf(String sealed) {
        String[] parts = sealed.split(":");
        return parts.length == 4 ? parts[1] : "";
    }

    /** The plaintext of a value sealed for {@code owner}; fails if it was altered, moved or its key is gone. */
    public String open(String sealed, String owner) {
        String[] parts = sealed.split(":");
        if (parts.length != 4 || !parts[0].equals(FORMAT)) {
            throw new RegistryException("sealed secret of " + owner + " has an unknown format");
        }
        SecretKeySpec key = keys.get(parts[1]);
        if (key == null) {
            throw new RegistryException("sealed secret of " + owner + " needs key " + parts[1] + ", not in the ring");
        }
        try {
            Cipher c = CIPHER.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Base64.getDecoder().decode(parts[2])));
            c.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(Base64.getDecoder().decode(parts[3])), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new RegistryException("sealed secret of " + owner + " does not open (altered or wrong key)");
        }
    }
}
