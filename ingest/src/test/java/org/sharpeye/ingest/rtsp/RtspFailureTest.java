package org.sharpeye.ingest.rtsp;

import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.api.Test;
import org.sharpeye.ingest.FailureReason;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RtspFailureTest {

    @Test
    void connectErrorsAreClassified() {
        assertEquals(FailureReason.UNREACHABLE, RtspFailure.ofConnect(new ConnectTimeoutException("timed out")).reason());
        assertEquals(FailureReason.UNREACHABLE, RtspFailure.ofConnect(new NoRouteToHostException("x")).reason());
        assertEquals(FailureReason.UNREACHABLE, RtspFailure.ofConnect(new UnknownHostException("cam.local")).reason());
        // Netty wraps the JDK's exception; the cause chain decides.
        ConnectException refused = new ConnectException("Connection refused: /127.0.0.1:1");
        assertEquals(FailureReason.REFUSED,
                RtspFailure.ofConnect(new RuntimeException("connect failed", refused)).reason());
        RtspFailure other = RtspFailure.ofConnect(new java.io.IOException("failed rtsp://user:pw@cam/x"));
        assertEquals(FailureReason.UNREACHABLE, other.reason());
        assertFalse(other.detail().contains("pw"), other.detail());
    }

    @Test
    void statusCodesAreClassified() {
        assertEquals(FailureReason.AUTH_FAILED, RtspFailure.ofStatus(401, "Unauthorized", "DESCRIBE").reason());
        assertEquals(FailureReason.NOT_FOUND, RtspFailure.ofStatus(404, "Not Found", "DESCRIBE").reason());
        assertEquals(FailureReason.REFUSED, RtspFailure.ofStatus(503, "Service Unavailable", "SETUP").reason());
        assertEquals(FailureReason.PROTOCOL_ERROR, RtspFailure.ofStatus(461, "Unsupported transport", "SETUP").reason());
        assertEquals("SETUP answered 461 Unsupported transport",
                RtspFailure.ofStatus(461, "Unsupported transport", "SETUP").detail());
    }
}
