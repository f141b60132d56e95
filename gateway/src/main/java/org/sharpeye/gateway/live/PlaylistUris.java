package org.sharpeye.gateway.live;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Carries a live URL's query (profile, format, codec, token) into the URIs of an HLS playlist: relative URIs are
 * resolved against the playlist's path, which drops its query (RFC 3986 5.2), so every segment, part, map and hint
 * URI gets it appended.
 */
final class PlaylistUris {

    private static final Pattern URI_ATTRIBUTE = Pattern.compile("URI=\"([^\"]*)\"");

    private PlaylistUris() {
    }

    static String withQuery(String playlist, String query) {
        StringBuilder out = new StringBuilder(playlist.length() + 64);
        for (String line : playlist.split("\n", -1)) {
            if (line.isEmpty()) {
                out.append('\n');
                continue;
            }
            if (line.startsWith("#")) {
                Matcher m = URI_ATTRIBUTE.matcher(line);
                out.append(m.replaceAll(r -> Matcher.quoteReplacement(
                        "URI=\"" + append(r.group(1), query) + "\"")));
            } else {
                out.append(append(line, query));
            }
            out.append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    private static String append(String uri, String query) {
        return uri + (uri.contains("?") ? "&" : "?") + query;
    }
}
