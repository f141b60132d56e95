package org.sharpeye.media;

/** The codecs SharpEye carries from cameras to viewers. */
public enum Codec {
    H264(true),
    H265(true),
    AAC(false),
    PCMA(false),
    PCMU(false);

    private final boolean video;

    Codec(boolean video) {
        this.video = video;
    }

    /** True for the video codecs, whose frames are NAL units. */
    public boolean isVideo() {
        return video;
    }
}
