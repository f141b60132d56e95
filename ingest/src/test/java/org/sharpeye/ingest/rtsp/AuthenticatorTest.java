package org.sharpeye.ingest.rtsp;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthenticatorTest {

    private static String param(String header, String name) {
        return Authenticator.parseParams(header.substring("Digest ".length())).get(name);
    }

    @Test
    void rfc2617Example() {
        Authenticator a = new Authenticator(new Credentials("Mufasa", "Circle Of Life"));
        assertTrue(a.challenge(List.of("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"")));
        String h = a.digest("GET", "/dir/index.html", "0a4f113b", 1);
        assertEquals("6629fae49393a05397450978507c4ef1", param(h, "response"));
        assertEquals("00000001", param(h, "nc"));
        assertEquals("5ccc069c403ebaf9f0171e9517f40e41", param(h, "opaque"));
    }

    private static final String RFC7616_CHALLENGE = "realm=\"http-auth@example.org\", qop=\"auth, auth-int\", "
            + "algorithm=%s, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
            + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

    @Test
    void rfc7616ExamplesPreferSha256() {
        Authenticator a = new Authenticator(new Credentials("Mufasa", "Circle of Life"));
        assertTrue(a.challenge(List.of("Digest " + String.format(RFC7616_CHALLENGE, "MD5"),
                "Digest " + String.format(RFC7616_CHALLENGE, "SHA-256"), "Basic realm=\"x\"")));
        String h = a.digest("GET", "/dir/index.html", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", 1);
        assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", param(h, "response"));
        assertEquals("SHA-256", param(h, "algorithm"));

        Authenticator md5 = new Authenticator(new Credentials("Mufasa", "Circle of Life"));
        assertTrue(md5.challenge(List.of("Digest " + String.format(RFC7616_CHALLENGE, "MD5"))));
        assertEquals("8ca523f5e9506fed4657c9700eebdbec",
                param(md5.digest("GET", "/dir/index.html", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", 1),
                        "response"));
    }

    @Test
    void digestWithoutQopAndCredentialsWithSpecialCharacters() {
        Authenticator a = new Authenticator(new Credentials("ad\"min", "p@ss:w/rd%20"));
        assertTrue(a.challenge(List.of("Digest realm=\"IP Camera\", nonce=\"abc\"")));
        String h = a.authorization("DESCRIBE", "rtsp://cam/live");
        Map<String, String> p = Authenticator.parseParams(h.substring(7));
        assertEquals("ad\"min", p.get("username"), "quoted and escaped");
        assertNull(p.get("qop"));
        // RFC 2069 form: MD5(HA1:nonce:HA2)
        String ha1 = md5("ad\"min:IP Camera:p@ss:w/rd%20");
        String ha2 = md5("DESCRIBE:rtsp://cam/live");
        assertEquals(md5(ha1 + ":abc:" + ha2), p.get("response"));
    }

    @Test
    void basicWhenThatIsAllThereIs() {
        Authenticator a = new Authenticator(new Credentials("user", "p@ss:word/%"));
        assertFalse(a.ready());
        assertTrue(a.challenge(List.of("Basic realm=\"cam\"")));
        String h = a.authorization("OPTIONS", "rtsp://cam/");
        assertEquals("user:p@ss:word/%", new String(Base64.getDecoder().decode(h.substring(6))));
    }

    @Test
    void noCredentialsOrUnknownSchemesAreNotUsable() {
        assertFalse(new Authenticator(null).challenge(List.of("Basic realm=\"x\"")));
        Authenticator a = new Authenticator(new Credentials("u", "p"));
        assertFalse(a.challenge(List.of("Bearer realm=\"x\"", "Digest realm=\"x\", nonce=\"n\", algorithm=SHA-512-256")));
        assertNull(a.authorization("OPTIONS", "rtsp://c/"));
    }

    @Test
    void credentialsAreNeverPrinted() {
        assertFalse(new Credentials("u", "topsecret").toString().contains("topsecret"));
        assertEquals("rtsp://cam:554/live", Redaction.url(java.net.URI.create("rtsp://u:p@cam:554/live?token=s3")));
        assertEquals("failed rtsp://***@cam/x", Redaction.redactText("failed rtsp://u:p%40@cam/x"));
    }

    private static String md5(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
