package org.sharpeye.media.hls;

import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * A finished media segment held in the window. The window owns {@code data} and each part's data (one reference
 * each), released by {@link #release()} when the segment leaves the window or the segmenter closes. With parts,
 * {@code data} is their concatenation, sharing their memory.
 *
 * @param sequence its media sequence number (RFC 8216 6.2.2)
 * @param durationTicks its duration in 90 kHz ticks: decode time of the next segment's first frame minus its own
 * @param init the init section it needs (fMP4), or null (TS)
 * @param discontinuity true when it starts a new encoding (parameter sets changed, or frames were dropped)
 * @param parts its partial segments, empty without Low-Latency HLS
 */
record HlsSegment(long sequence, String name, long durationTicks, ByteBuf data, InitSection init,
                  boolean discontinuity, List<HlsPart> parts) {

    double durationSeconds() {
        return durationTicks / 90_000.0;
    }

    void release() {
        data.release();
        parts.forEach(p -> p.data().release());
    }
}
