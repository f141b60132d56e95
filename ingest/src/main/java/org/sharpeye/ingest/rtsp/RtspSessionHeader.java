package org.sharpeye.ingest.rtsp;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Session header of a SETUP answer (RFC 2326 12.37): the session id and its timeout, 60 s when absent.
 *
 * @param timeoutSeconds at least 2, so keepalives at half the timeout stay apart
 */
record RtspSessionHeader(String id, int timeoutSeconds) {

    /** RFC 2326 12.37: without a timeout parameter the session lasts 60 s. */
    static final int DEFAULT_TIMEOUT_SECONDS = 60;
    private static final Pattern TIMEOUT = Pattern.compile("timeout=(\\d{1,6})");

    /** The header's fields, or null when the header is missing or blank. */
    static RtspSessionHeader parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String id = header.split(";")[0].trim();
        Matcher timeout = TIMEOUT.matcher(header);
        int seconds = timeout.find() ? Math.max(2, Integer.parseInt(timeout.group(1))) : DEFAULT_TIMEOUT_SECONDS;
        return new RtspSessionHeader(id, seconds);
    }
}
