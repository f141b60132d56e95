package org.sharpeye.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * One camera profile to pull: the stream path, the camera's RTSP URL without credentials, the credentials apart
 * (so any character may appear in them), and whether it is pulled only while someone watches.
 *
 * @param path e.g. "34052200001320000001/main"
 * @param url rtsp://host:port/p?q, no user info
 * @param username null when the camera needs none
 * @param password null when the camera needs none
 * @param onDemand true: pull while the stream has readers (and the idle timeout after); false: always
 */
public record SourceSpec(String path, String url, String username, String password, boolean onDemand) {

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
        if (!"rtsp".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an rtsp://host/... URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("credentials go in username and password, not in the URL");
        }
    }

    public URI uri() {
        return URI.create(url);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "SourceSpec[" + path + ", " + org.sharpeye.ingest.rtsp.Redaction.url(uri())
                + (username != null ? ", user " + username : "") + (onDemand ? ", on demand" : "") + "]";
    }
}
