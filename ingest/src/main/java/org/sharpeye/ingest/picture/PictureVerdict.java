package org.sharpeye.ingest.picture;

import java.time.Instant;

/**
 * The outcome of one picture check of a watched camera profile.
 *
 * @param cameraId the camera
 * @param profile its profile
 * @param state OK, BLACK or FROZEN
 * @param at when the check ended
 * @param snapshot the later keyframe as a JPEG at the stream's size
 * @param width picture width
 * @param height picture height
 */
public record PictureVerdict(String cameraId, String profile, PictureState state, Instant at, byte[] snapshot,
                             int width, int height) {

    @Override
    public String toString() {
        return "PictureVerdict[" + cameraId + "/" + profile + " " + state + " " + width + "x" + height + ", "
                + snapshot.length + " B jpeg]";
    }
}
