package org.sharpeye.camsim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * RTSP Digest authentication as IP cameras do it (RFC 2617 without qop, MD5; RFC 2326 section 16): one nonce per
 * connection, the response checked against the camera's username and password.
 */
final class DigestAuth {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String realm;
    private final String nonce;

    DigestAuth(String realm) {
        this.realm = realm;
        byte[] n = new byte[16];
        RANDOM.nextBytes(n);
        this.nonce = HexFormat.of().formatHex(n);
    }

    /** The WWW-Authenticate value of a 401. */
    String challenge() {
        return "Digest realm=\"" + realm + "\", nonce=\"" + nonce + "\", algorithm=MD5";
    }

    /** True when {@code authorization} is a Digest answer to our nonce with the right credentials. */
    boolean verify(String authorization, String method, String username, String password) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Digest ", 0, 7)) {
            return false;
        }
        Map<String, String> p = parameters(authorization.substring(7));
        String uri = p.get("uri");
        String response = p.get("response");
        if (uri == null || response == null || !username.equals(p.get("username"))
                || !nonce.equals(p.get("nonce")) || !realm.equals(p.get("realm"))) {
            return false;
        }
        String ha1 = md5(username + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        String expected = md5(ha1 + ":" + nonce + ":" + ha2);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** Parses {@code k="v", k2=v2} (quoted values may hold commas); the header size is bounded upstream. */
    static Map<String, String> parameters(String s) {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == ',')) {
                i++;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = s.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            String value;
            if (i < n && s.charAt(i) == '"') {
                int close = s.indexOf('"', i + 1);
                if (close < 0) {
                    break;
                }
                value = s.substring(i + 1, close);
                i = close + 1;
            } else {
                int comma = s.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                value = s.substring(i, end).trim();
                i = end;
            }
            out.put(key, value);
        }
        return out;
    }

    static String md5(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JRE", e);
        }
    }
}
