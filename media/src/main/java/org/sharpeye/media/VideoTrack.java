package org.sharpeye.media;

import java.util.Arrays;
import java.util.Objects;

/**
 * The decoder configuration of a video track: codec, parameter sets (raw NAL units, no start code, no length)
 * and the picture size read from the SPS. Immutable; a change of parameter sets makes a new track, so a writer
 * emits a new sequence header when the track of a frame differs from the last one it wrote.
 *
 * @param vps H.265 video parameter set, or null for H.264
 */
public record VideoTrack(Codec codec, byte[] vps, byte[] sps, byte[] pps, int width, int height) {

    public VideoTrack {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(sps, "sps");
        Objects.requireNonNull(pps, "pps");
        if (!codec.isVideo()) {
            throw new IllegalArgumentException("not a video codec: " + codec);
        }
        if (codec == Codec.H265 && vps == null) {
            throw new IllegalArgumentException("H.265 track without VPS");
        }
    }

    /** True when both tracks would produce the same sequence header. */
    public boolean sameConfiguration(VideoTrack other) {
        return other != null && codec == other.codec && Arrays.equals(vps, other.vps)
                && Arrays.equals(sps, other.sps) && Arrays.equals(pps, other.pps);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VideoTrack t && sameConfiguration(t) && width == t.width && height == t.height;
    }

    @Override
    public int hashCode() {
        return Objects.hash(codec, Arrays.hashCode(vps), Arrays.hashCode(sps), Arrays.hashCode(pps), width, height);
    }

    @Override
    public String toString() {
        return "VideoTrack[" + codec + " " + width + "x" + height + "]";
    }
}
