package org.sharpeye.ingest.ffmpeg;

import org.sharpeye.ingest.FailureReason;
import org.sharpeye.ingest.rtsp.Redaction;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_FORBIDDEN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_SERVER_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_TOO_MANY_REQUESTS;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_UNAUTHORIZED;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_STREAM_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

/**
 * Why an FFmpeg input ended, classified for health from FFmpeg's error codes (AVERROR(errno) is -errno on
 * Linux; the HTTP ones are FFmpeg's own tags). The detail never holds credentials.
 */
public record FfmpegFailure(FailureReason reason, String detail) {

    private static final int EPERM = 1;
    private static final int ENOENT = 2;
    private static final int EIO = 5;
    private static final int EACCES = 13;
    private static final int EPIPE = 32;
    private static final int ENETUNREACH = 101;
    private static final int ECONNRESET = 104;
    private static final int ETIMEDOUT = 110;
    private static final int ECONNREFUSED = 111;
    private static final int EHOSTUNREACH = 113;

    /** Opening the input failed with {@code code}. */
    static FfmpegFailure ofOpen(int code) {
        String detail = "open: " + message(code);
        if (code == -ECONNREFUSED) {
            return new FfmpegFailure(FailureReason.REFUSED, "connection refused");
        }
        if (code == AVERROR_HTTP_NOT_FOUND || code == AVERROR_STREAM_NOT_FOUND || code == -ENOENT) {
            return new FfmpegFailure(FailureReason.NOT_FOUND, detail);
        }
        if (code == AVERROR_HTTP_UNAUTHORIZED || code == AVERROR_HTTP_FORBIDDEN || code == -EACCES
                || code == -EPERM) {
            return new FfmpegFailure(FailureReason.AUTH_FAILED, detail);
        }
        if (code == AVERROR_HTTP_TOO_MANY_REQUESTS || code == AVERROR_HTTP_SERVER_ERROR) {
            return new FfmpegFailure(FailureReason.REFUSED, detail);
        }
        if (isNetwork(code)) {
            return new FfmpegFailure(FailureReason.UNREACHABLE, detail);
        }
        return new FfmpegFailure(FailureReason.PROTOCOL_ERROR, detail);
    }

    /** Reading a packet failed with {@code code} after the input was open. */
    static FfmpegFailure ofRead(int code) {
        if (code == AVERROR_EOF) {
            return new FfmpegFailure(FailureReason.UNREACHABLE, "end of stream");
        }
        if (isNetwork(code)) {
            return new FfmpegFailure(FailureReason.UNREACHABLE, "connection lost: " + message(code));
        }
        return new FfmpegFailure(FailureReason.PROTOCOL_ERROR, "read: " + message(code));
    }

    private static boolean isNetwork(int code) {
        return code == -ETIMEDOUT || code == -EHOSTUNREACH || code == -ENETUNREACH || code == -ECONNRESET
                || code == -EPIPE || code == -EIO; // EIO: FFmpeg's answer to a name that does not resolve
    }

    /** FFmpeg's text for an error code, with the code. */
    static String message(int code) {
        byte[] text = new byte[128];
        if (av_strerror(code, text, text.length) < 0) {
            return "error " + code;
        }
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        return Redaction.redactText(new String(text, 0, end, java.nio.charset.StandardCharsets.UTF_8))
                + " (" + code + ")";
    }
}
