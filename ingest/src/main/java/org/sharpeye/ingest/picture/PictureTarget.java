package org.sharpeye.ingest.picture;

import org.sharpeye.media.Stream;

import java.util.Objects;

/** A watched camera profile whose picture is checked: the stream it is published in. */
public record PictureTarget(String cameraId, String profile, Stream stream) {

    public PictureTarget {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(stream, "stream");
    }

    String key() {
        return cameraId + "/" + profile;
    }
}
