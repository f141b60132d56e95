package org.sharpeye.ingest.rtsp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Answers the WWW-Authenticate challenges of a camera (RTSP borrows HTTP authentication, RFC 2326 section 12.5):
 * Digest (RFC 7616, with RFC 2617's MD5 and qop=auth) preferring SHA-256 when offered, else Basic (RFC 7617).
 * After a challenge has been taken, {@link #authorization} gives the header for every further request; the nonce
 * count advances per request. Not thread-safe (one connection's event loop).
 */
public final class Authenticator {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Credentials credentials;
    private Scheme scheme;
    private Map<String, String> params = Map.of();
    private String algorithm;
    private boolean qopAuth;
    private int nonceCount;

    private enum Scheme { BASIC, DIGEST }

    public Authenticator(Credentials credentials) {
        this.credentials = credentials;
    }

    /**
     * Takes the best of the offered challenges.
     *
     * @return false when none is usable (no credentials, or only unknown schemes or algorithms)
     */
    public boolean challenge(List<String> wwwAuthenticate) {
        if (credentials == null) {
            return false;
        }
        Map<String, String> best = null;
        String bestAlgorithm = null;
        boolean basic = false;
        for (String header : wwwAuthenticate) {
            String h = header.trim();
            if (h.regionMatches(true, 0, "Digest ", 0, 7)) {
                Map<String, String> p = parseParams(h.substring(7));
                String alg = p.getOrDefault("algorithm", "MD5").toUpperCase(Locale.ROOT);
                if (!p.containsKey("nonce") || !p.containsKey("realm")) {
                    continue;
                }
                if (alg.equals("SHA-256") || (alg.equals("MD5") && !"SHA-256".equals(bestAlgorithm))) {
                    best = p;
                    bestAlgorithm = alg;
                }
            } else if (h.regionMatches(true, 0, "Basic", 0, 5)) {
                basic = true;
            }
        }
        if (best != null) {
            scheme = Scheme.DIGEST;
            params = best;
            algorithm = bestAlgorithm;
            String qop = best.get("qop");
            qopAuth = qop != null && List.of(qop.toLowerCase(Locale.ROOT).split("\\s*,\\s*")).contains("auth");
            nonceCount = 0;
            return true;
        }
        if (basic) {
            scheme = Scheme.BASIC;
            return true;
        }
        return false;
    }

    /** True once a challenge has been taken. */
    public boolean ready() {
        return scheme != null;
    }

    /** The Authorization header for a request, or null before a challenge. */
    public String authorization(String method, String uri) {
        if (scheme == null) {
            return null;
        }
        if (scheme == Scheme.BASIC) {
            String pair = credentials.username() + ":" + credentials.password();
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        byte[] c = new byte[12];
        RANDOM.nextBytes(c);
        return digest(method, uri, HexFormat.of().formatHex(c), ++nonceCount);
    }

    /** The Digest header with a given client nonce and nonce count (for tests against the RFC examples). */
    String digest(String method, String uri, String cnonce, int nc) {
        String realm = params.get("realm");
        String nonce = params.get("nonce");
        String ha1 = hash(credentials.username() + ":" + realm + ":" + credentials.password());
        String ha2 = hash(method + ":" + uri);
        String ncText = String.format("%08x", nc);
        String response = qopAuth
                ? hash(ha1 + ":" + nonce + ":" + ncText + ":" + cnonce + ":auth:" + ha2)
                : hash(ha1 + ":" + nonce + ":" + ha2);
        StringBuilder h = new StringBuilder("Digest username=\"").append(quote(credentials.username()))
                .append("\", realm=\"").append(quote(realm))
                .append("\", nonce=\"").append(quote(nonce))
                .append("\", uri=\"").append(quote(uri))
                .append("\", response=\"").append(response).append('"');
        if (params.containsKey("algorithm")) {
            h.append(", algorithm=").append(algorithm);
        }
        if (qopAuth) {
            h.append(", qop=auth, nc=").append(ncText).append(", cnonce=\"").append(cnonce).append('"');
        }
        if (params.containsKey("opaque")) {
            h.append(", opaque=\"").append(quote(params.get("opaque"))).append('"');
        }
        return h.toString();
    }

    private String hash(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256".equals(algorithm) ? "SHA-256" : "MD5");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // both are required of every JRE
        }
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** auth-param list: name=token or name="quoted string" separated by commas (RFC 7235 2.1). */
    static Map<String, String> parseParams(String s) {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ',' || Character.isWhitespace(s.charAt(i)))) {
                i++;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = s.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            while (i < n && s.charAt(i) == ' ') {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && s.charAt(i) == '"') {
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(s.charAt(i++));
                }
                i++; // closing quote
            } else {
                while (i < n && s.charAt(i) != ',') {
                    value.append(s.charAt(i++));
                }
            }
            out.put(name, value.toString().trim());
        }
        return out;
    }
}
