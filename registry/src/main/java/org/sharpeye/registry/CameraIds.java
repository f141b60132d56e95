package org.sharpeye.registry;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Registry-assigned camera ids, for cameras without a GB/T 28181 id: "cam-" and 16 lowercase base-32 characters. */
public final class CameraIds {
    private static final Pattern REGISTRY_ID = Pattern.compile("cam-[a-z2-7]{16}");
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private CameraIds() {
    }

    /** A fresh registry id. */
    public static String next() {
        StringBuilder b = new StringBuilder("cam-");
        for (int i = 0; i < 16; i++) {
            b.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return b.toString();
    }

    /** Whether {@code id} has the shape of a registry id. */
    public static boolean isRegistryId(String id) {
        return id != null && REGISTRY_ID.matcher(id).matches();
    }
}
