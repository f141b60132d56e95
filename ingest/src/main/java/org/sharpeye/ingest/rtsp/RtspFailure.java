package org.sharpeye.ingest.rtsp;

import org.sharpeye.ingest.FailureReason;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/**
 * Why an RTSP session ended, classified for health. The detail never holds credentials; URLs in it are redacted.
 */
public record RtspFailure(FailureReason reason, String detail) {

    /** The failure an RTSP status code stands for. */
    public static RtspFailure ofStatus(int status, String reason, String method) {
        String detail = method + " answered " + status + " " + reason;
        return switch (status) {
            case 401, 403, 407 -> new RtspFailure(FailureReason.AUTH_FAILED, detail);
            case 404 -> new RtspFailure(FailureReason.NOT_FOUND, detail);
            case 503 -> new RtspFailure(FailureReason.REFUSED, detail);
            default -> new RtspFailure(FailureReason.PROTOCOL_ERROR, detail);
        };
    }

    /** The failure a connect or I/O exception stands for. */
    public static RtspFailure ofConnect(Throwable cause) {
        Throwable t = cause;
        while (t.getCause() != null && !(t instanceof ConnectException) && !(t instanceof UnknownHostException)) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (t instanceof NoRouteToHostException) {
            return new RtspFailure(FailureReason.UNREACHABLE, "no route to host");
        }
        if (t instanceof UnknownHostException) {
            return new RtspFailure(FailureReason.UNREACHABLE, "unknown host");
        }
        if (t instanceof io.netty.channel.ConnectTimeoutException) {
            return new RtspFailure(FailureReason.UNREACHABLE, "connect timeout");
        }
        if (t instanceof ConnectException && message.toLowerCase(java.util.Locale.ROOT).contains("refused")) {
            return new RtspFailure(FailureReason.REFUSED, "connection refused");
        }
        return new RtspFailure(FailureReason.UNREACHABLE, Redaction.redactText(message));
    }
}
