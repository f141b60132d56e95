package org.sharpeye.ingest.rtsp;

import io.netty.handler.codec.http.HttpHeaders;

import java.nio.charset.StandardCharsets;

/**
 * One RTSP response (RFC 2326 section 7) as {@link InterleavedFrameDecoder} reads it: status, headers and the body,
 * which is small and bounded (an SDP), so it is held as bytes rather than as a buffer.
 */
public record RtspResponse(int status, String reason, HttpHeaders headers, byte[] body) {

    /** The CSeq header, or -1 when missing or not a number. */
    public int cseq() {
        String value = headers.get("CSeq");
        if (value == null) {
            return -1;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The methods of the Public header (RFC 2326 12.28), upper case; empty when there is none. */
    public java.util.Set<String> publicMethods() {
        return java.util.Arrays.stream(headers.get("Public", "").split(","))
                .map(m -> m.trim().toUpperCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RtspResponse[" + status + " " + reason + ", " + body.length + "B body]";
    }
}
