package org.sharpeye.camsim.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An RTSP response (RFC 2326 section 7): status code, headers (names case-insensitive) and body.
 *
 * @param status the status code, or -1 when the status line is not an RTSP response
 */
record RtspResponse(int status, Map<String, String> headers, String body) {

    /** Parses the head (status line and headers, without the blank line) of a response. */
    static RtspResponse parseHead(String head) {
        String[] lines = head.split("\r\n");
        int status = -1;
        String[] first = lines[0].split(" ", 3);
        if (first.length >= 2 && first[0].startsWith("RTSP/")) {
            try {
                status = Integer.parseInt(first[1]);
            } catch (NumberFormatException e) {
                status = -1;
            }
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip());
            }
        }
        return new RtspResponse(status, headers, "");
    }

    /** This response with its body. */
    RtspResponse withBody(byte[] body) {
        return new RtspResponse(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** The Content-Length header; 0 when absent, -1 when not a number. */
    int contentLength() {
        String v = headers.get("Content-Length");
        if (v == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(v.strip());
            return n < 0 ? -1 : n;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The session id of the Session header without its parameters (RFC 2326 section 12.37), or null. */
    String session() {
        String v = headers.get("Session");
        return v == null ? null : v.split(";", 2)[0].strip();
    }

    /**
     * The control URL of the first video media of an SDP body (RFC 2326 appendix C.1.1), resolved against the
     * Content-Base; the base itself when the media has no control attribute or uses "*".
     */
    String videoControl(String base) {
        boolean inVideo = false;
        String control = null;
        for (String line : body.split("\r?\n")) {
            if (line.startsWith("m=")) {
                if (inVideo) {
                    break;
                }
                inVideo = line.toLowerCase(Locale.ROOT).startsWith("m=video");
            } else if (inVideo && line.startsWith("a=control:")) {
                control = line.substring("a=control:".length()).strip();
            }
        }
        if (!inVideo) {
            return null;
        }
        if (control == null || control.equals("*")) {
            return base;
        }
        if (control.regionMatches(true, 0, "rtsp://", 0, 7)) {
            return control;
        }
        return base.endsWith("/") ? base + control : base + "/" + control;
    }
}
