package org.sharpeye.camsim;

import org.sharpeye.media.Codec;

import java.util.List;

/**
 * An encoded loop of video for one camera profile, played over and over with continuous timestamps.
 * The first access unit is a keyframe; parameter sets are kept apart (for the SDP) and also appear in-band
 * before every keyframe, as real cameras send them.
 *
 * @param vps H.265 video parameter set (no start code), null for H.264
 * @param units the access units in decoding order, {@code fps} per second
 */
public record Clip(Codec codec, int width, int height, int fps, byte[] vps, byte[] sps, byte[] pps,
                   List<AccessUnit> units) {

    /** The loop's duration in 90 kHz RTP ticks. */
    public long durationTicks() {
        return (long) units.size() * 90_000 / fps;
    }

    /** Bytes the clip holds in memory. */
    public long sizeBytes() {
        long n = 0;
        for (AccessUnit u : units) {
            for (byte[] nal : u.nalUnits()) {
                n += nal.length;
            }
        }
        return n;
    }

    /**
     * One coded picture.
     *
     * @param nalUnits its NAL units without start codes (parameter sets included before keyframes)
     */
    public record AccessUnit(List<byte[]> nalUnits, boolean keyframe) {
    }
}
