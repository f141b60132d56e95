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
     * The resolution, frame rate, bitrate and GOP of a profile.
     *
     * @param gopFrames frames from one keyframe to the next (50 = 2 s at 25 fps)
     */
    record VideoFormat(int width, int height, int fps, int bitrateKbps, int gopFrames) {
        public static final VideoFormat MAIN = new VideoFormat(1280, 720, 25, 2048, 50);
        public static final VideoFormat SUB = new VideoFormat(640, 360, 25, 512, 50);
    }
}
