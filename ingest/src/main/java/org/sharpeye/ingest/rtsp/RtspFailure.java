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

    /**
     * The failure an exception on an open connection stands for: an undecodable stream or a lost connection;
     * null for anything else (a bug: see {@link #internal}).
     */
    public static RtspFailure ofConnection(Throwable cause) {
        if (cause instanceof io.netty.handler.codec.DecoderException) {
            return new RtspFailure(FailureReason.PROTOCOL_ERROR, "undecodable RTSP stream: "
                    + Redaction.redactText(String.valueOf(cause.getCause() != null ? cause.getCause().getMessage()
                    : cause.getMessage())));
        }
        if (cause instanceof java.io.IOException) {
            return new RtspFailure(FailureReason.UNREACHABLE, "connection lost: " + Redaction.redactText(cause.getMessage()));
        }
        return null;
    }

    /** An unexpected Throwable (a bug, a class missing at run time): a protocol error, retried like any. */
    public static RtspFailure internal(Throwable cause) {
        return new RtspFailure(FailureReason.PROTOCOL_ERROR, "internal error: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + Redaction.redactText(cause.getMessage())));
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
