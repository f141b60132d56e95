package org.sharpeye.ingest.rtsp;

import java.net.URI;
import java.util.regex.Pattern;

/** Keeps credentials out of logs and status details: URLs lose their user info and their query. */
public final class Redaction {

    private static final Pattern USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]*@");

    private Redaction() {
    }

    /** scheme://host:port/path, without user info or query (cameras put tokens in either). */
    public static String url(URI uri) {
        if (uri == null) {
            return "null";
        }
        if (uri.getHost() == null && uri.getRawAuthority() == null) { // file:/path, file:///path
            return uri.getScheme() + "://" + (uri.getRawPath() == null ? "" : uri.getRawPath());
        }
        String host = uri.getHost() == null ? "?" : uri.getHost();
        return uri.getScheme() + "://" + host + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** Removes user info from any URL inside free text. */
    public static String redactText(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("$1***@");
    }
}
