package org.sharpeye.media.hls;

import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * A Low-Latency HLS partial segment (RFC 8216bis 4.4.4.9): the frames of a fraction of a segment, servable before
 * the segment is complete. Its segment owns {@code data} (one reference) and releases it with itself.
 *
 * @param independent true when it starts with a keyframe (EXT-X-PART INDEPENDENT=YES)
 */
record HlsPart(String name, long durationTicks, boolean independent, ByteBuf data) {

    double durationSeconds() {
        return durationTicks / 90_000.0;
    }

    /** A retained duplicate of the data of the part named {@code name}, or null. */
    static ByteBuf find(List<HlsPart> parts, String name) {
        for (HlsPart p : parts) {
            if (p.name().equals(name)) {
                return p.data().retainedDuplicate();
            }
        }
        return null;
    }
}
