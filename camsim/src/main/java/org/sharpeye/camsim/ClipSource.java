package org.sharpeye.camsim;

import org.sharpeye.media.Codec;

/** Gives the encoded clip a camera profile plays; implementations encode lazily and cache. */
public interface ClipSource {

    /**
     * The clip for one camera profile. May take a while the first time (encoding); called off the event loop.
     *
     * @param label the text burnt into the picture, e.g. the camera's id and name
     */
    Clip clip(String cameraId, String label, Codec codec, VideoFormat format, Picture picture);

    /**
     * The clip any camera of this codec, format and picture may play (labelled {@value ClipEncoder#SHARED_LABEL}):
     * camsim encodes these first, so every camera can answer DESCRIBE and stream before its own clip is ready.
     * Its parameter sets must equal those of the cameras' own clips of the same codec and format, since the SDP
     * is written from it. Called off the event loop.
     */
    default Clip sharedClip(Codec codec, VideoFormat format, Picture picture) {
        return clip(ClipEncoder.SHARED_LABEL, ClipEncoder.SHARED_LABEL, codec, format, picture);
    }

    /**
     * The resolution, frame rate, bitrate and GOP of a profile.
     *
     * @param gopFrames frames from one keyframe to the next (50 = 2 s at 25 fps)
     */
    record VideoFormat(int width, int height, int fps, int bitrateKbps, int gopFrames) {
        public static final VideoFormat MAIN = new VideoFormat(1280, 720, 25, 2048, 50);
        public static final VideoFormat SUB = new VideoFormat(640, 360, 25, 512, 50);
    }
}
