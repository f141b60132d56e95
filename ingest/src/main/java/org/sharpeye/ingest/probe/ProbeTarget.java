package org.sharpeye.ingest.probe;

import org.sharpeye.ingest.rtsp.Credentials;

import java.net.URI;
import java.util.Objects;

/**
 * One camera profile to probe: its RTSP URL without user info and the credentials apart.
 *
 * @param cameraId the registry's camera id
 * @param profile e.g. "main" or "sub"
 * @param url rtsp://host[:port]/path[?query], no user info
 * @param credentials null when the camera needs none
 */
public record ProbeTarget(String cameraId, String profile, URI url, Credentials credentials) {

    public ProbeTarget {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(url, "url");
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("credentials belong in Credentials, not in the URL");
        }
    }

    /** The key a target is known by across cycles. */
    public String key() {
        return cameraId + "/" + profile;
    }

    /** Never prints the password or the URL's query. */
    @Override
    public String toString() {
        return "ProbeTarget[" + key() + ", " + org.sharpeye.ingest.rtsp.Redaction.url(url) + "]";
    }
}
