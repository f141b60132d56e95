package org.sharpeye.camsim;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigestAuthTest {

    private static String answer(DigestAuth auth, String user, String pass, String method, String uri) {
        Map<String, String> c = DigestAuth.parameters(auth.challenge().substring(7));
        String ha1 = DigestAuth.md5(user + ":" + c.get("realm") + ":" + pass);
        String ha2 = DigestAuth.md5(method + ":" + uri);
        String response = DigestAuth.md5(ha1 + ":" + c.get("nonce") + ":" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + c.get("realm") + "\", nonce=\"" + c.get("nonce")
                + "\", uri=\"" + uri + "\", response=\"" + response + "\"";
    }

    @Test
    void acceptsTheRightAnswerOnly() {
        DigestAuth auth = new DigestAuth(CameraSpec.REALM);
        String uri = "rtsp://127.0.0.1:8554/Streaming/Channels/101";
        assertTrue(auth.verify(answer(auth, "admin", "p@ss, word", "DESCRIBE", uri), "DESCRIBE", "admin", "p@ss, word"));
        assertFalse(auth.verify(answer(auth, "admin", "wrong", "DESCRIBE", uri), "DESCRIBE", "admin", "p@ss, word"));
        assertFalse(auth.verify(answer(auth, "admin", "p@ss, word", "PLAY", uri), "DESCRIBE", "admin", "p@ss, word"),
                "the method is part of the digest");
        DigestAuth other = new DigestAuth(CameraSpec.REALM);
        assertFalse(other.verify(answer(auth, "admin", "p@ss, word", "DESCRIBE", uri), "DESCRIBE", "admin", "p@ss, word"),
                "another connection's nonce");
        assertFalse(auth.verify("Basic YWRtaW46cGFzcw==", "DESCRIBE", "admin", "pass"));
        assertFalse(auth.verify(null, "DESCRIBE", "admin", "pass"));
    }

    @Test
    void parsesQuotedValuesWithCommas() {
        Map<String, String> p = DigestAuth.parameters("realm=\"IP Camera(camsim)\", nonce=\"a,b\", algorithm=MD5");
        assertEquals("IP Camera(camsim)", p.get("realm"));
        assertEquals("a,b", p.get("nonce"));
        assertEquals("MD5", p.get("algorithm"));
    }
}
