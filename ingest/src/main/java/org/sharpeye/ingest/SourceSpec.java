package org.sharpeye.ingest;

import org.sharpeye.ingest.rtsp.Redaction;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One camera profile to pull: the stream path, the source's URL without credentials, the credentials apart
 * (so any character may appear in them), and whether it is pulled only while someone watches.
 *
 * <p>The URL's scheme chooses the source: {@code rtsp://} is the Netty RTSP client (the fast path); {@code rtmp://},
 * {@code rtmps://}, {@code http://} and {@code https://} (HTTP-FLV, HLS, any container FFmpeg reads) and
 * {@code file:} go through FFmpeg on worker threads.
 *
 * @param path e.g. "34052200001320000001/main"
 * @param url rtsp://host:port/p?q (or another scheme above), no user info
 * @param username null when the source needs none
 * @param password null when the source needs none
 * @param onDemand true: pull while the stream has readers (and the idle timeout after); false: always
 */
public record SourceSpec(String path, String url, String username, String password, boolean onDemand) {

    /** The schemes FFmpeg pulls; every one but {@code file} needs a host. */
    static final Set<String> FFMPEG_SCHEMES = Set.of("rtmp", "rtmps", "http", "https", "file");

    public SourceSpec {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(url, "url");
        if (path.isBlank()) {
            throw new IllegalArgumentException("blank path");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            if (uri.getPath() == null || uri.getPath().isEmpty()) {
                throw new IllegalArgumentException("a file: URL needs a path");
            }
        } else if (!scheme.equals("rtsp") && !FFMPEG_SCHEMES.contains(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an rtsp://, rtmp(s)://, http(s)://host/... or file: URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("credentials go in username and password, not in the URL");
        }
    }

    public URI uri() {
        return URI.create(url);
    }

    /** True for rtsp:// (the Netty client); false for the schemes FFmpeg pulls. */
    public boolean isRtsp() {
        return "rtsp".equalsIgnoreCase(uri().getScheme());
    }

    /** Never prints the password, nor the URL's query. */
    @Override
    public String toString() {
        return "SourceSpec[" + path + ", " + Redaction.url(uri())
                + (username != null ? ", user " + username : "") + (onDemand ? ", on demand" : "") + "]";
    }
}
