package org.sharpeye.gateway.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void matchesRfc4231TestCase2() {
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        assertEquals("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                WebhookSignature.sign("Jefe", data));
    }

    @Test
    void verifyRejectsAnotherBodyOrSecretOrNoHeader() {
        byte[] body = "{\"id\":\"e1\"}".getBytes(StandardCharsets.UTF_8);
        String sig = WebhookSignature.sign("secret-0123456789", body);
        assertTrue(WebhookSignature.verify("secret-0123456789", body, sig));
        assertFalse(WebhookSignature.verify("secret-0123456780", body, sig));
        assertFalse(WebhookSignature.verify("secret-0123456789", "{\"id\":\"e2\"}".getBytes(StandardCharsets.UTF_8),
                sig));
        assertFalse(WebhookSignature.verify("secret-0123456789", body, null));
    }
}
