package org.sharpeye.registry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A camera's RTSP login. A secret: {@link #toString()} redacts the password. */
public record Credentials(String username, String password) {

    /** The {@code userinfo} part of an RTSP URL, percent-encoded (RFC 3986 section 3.2.1): passwords contain '@'. */
    public String userInfo() {
        return encode(username) + ":" + encode(password);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}
