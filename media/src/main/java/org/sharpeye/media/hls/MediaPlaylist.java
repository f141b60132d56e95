package org.sharpeye.media.hls;

import java.util.List;
import java.util.Locale;

/**
 * Renders a live media playlist (RFC 8216 4.3) from the segments in the window, with the Low-Latency HLS tags of
 * RFC 8216bis (EXT-X-SERVER-CONTROL, EXT-X-PART-INF, EXT-X-PART) when partial segments are on.
 *
 * @param targetDuration EXT-X-TARGETDURATION in whole seconds, at least every EXTINF rounded (4.3.3.1)
 * @param discontinuitySequence discontinuities that have left the window (4.3.3.3); a segment that starts a new
 *     encoding is preceded by EXT-X-DISCONTINUITY, even the first in the window, so this counts the evicted ones
 * @param partTargetSeconds the part target duration, or 0 without partial segments
 * @param pending the parts of the segment in progress, its init section and whether it starts a discontinuity
 * @param ended true once the stream has ended: EXT-X-ENDLIST tells players no segment will follow
 */
record MediaPlaylist(SegmentFormat format, int targetDuration, long discontinuitySequence, double partTargetSeconds,
                     List<HlsSegment> segments, List<HlsPart> pending, InitSection pendingInit,
                     boolean pendingDiscontinuity, boolean ended) {

    String render() {
        StringBuilder m3u8 = new StringBuilder(512 + 64 * segments.size());
        m3u8.append("#EXTM3U\n");
        m3u8.append("#EXT-X-VERSION:").append(format.playlistVersion()).append('\n');
        m3u8.append("#EXT-X-TARGETDURATION:").append(targetDuration).append('\n');
        boolean parts = partTargetSeconds > 0;
        if (parts) {
            // RFC 8216bis 4.4.3.8: PART-HOLD-BACK at least twice the part target; three times is recommended
            m3u8.append(String.format(Locale.ROOT, "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=%.3f\n",
                    3 * partTargetSeconds));
            m3u8.append(String.format(Locale.ROOT, "#EXT-X-PART-INF:PART-TARGET=%.3f\n", partTargetSeconds));
        }
        m3u8.append("#EXT-X-MEDIA-SEQUENCE:").append(segments.isEmpty() ? 0 : segments.get(0).sequence()).append('\n');
        if (discontinuitySequence > 0) {
            m3u8.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitySequence).append('\n');
        }
        // every segment starts with a keyframe and carries (or is preceded by) its parameter sets (4.3.5.1)
        m3u8.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        int firstWithParts = parts ? firstSegmentWithParts() : segments.size();
        InitSection lastInit = null;
        for (int i = 0; i < segments.size(); i++) {
            HlsSegment s = segments.get(i);
            lastInit = header(m3u8, s.discontinuity(), s.init(), lastInit);
            if (i >= firstWithParts) {
                s.parts().forEach(p -> part(m3u8, p));
            }
            m3u8.append(String.format(Locale.ROOT, "#EXTINF:%.3f,\n", s.durationSeconds()));
            m3u8.append(s.name()).append('\n');
        }
        if (parts && !pending.isEmpty()) {
            header(m3u8, pendingDiscontinuity, pendingInit, lastInit);
            pending.forEach(p -> part(m3u8, p));
        }
        if (ended) {
            m3u8.append("#EXT-X-ENDLIST\n");
        }
        return m3u8.toString();
    }

    private static InitSection header(StringBuilder m3u8, boolean discontinuity, InitSection init,
                                      InitSection lastInit) {
        if (discontinuity) {
            m3u8.append("#EXT-X-DISCONTINUITY\n");
        }
        if (init != null && init != lastInit) {
            m3u8.append("#EXT-X-MAP:URI=\"").append(init.name()).append("\"\n");
            return init;
        }
        return lastInit;
    }

    private static void part(StringBuilder m3u8, HlsPart p) {
        m3u8.append(String.format(Locale.ROOT, "#EXT-X-PART:DURATION=%.3f,URI=\"%s\"%s\n", p.durationSeconds(),
                p.name(), p.independent() ? ",INDEPENDENT=YES" : ""));
    }

    // RFC 8216bis 4.4.4.9: parts older than three target durations from the playlist's end are left out
    private int firstSegmentWithParts() {
        double fromEnd = 0;
        for (HlsPart p : pending) {
            fromEnd += p.durationSeconds();
        }
        int i = segments.size();
        while (i > 0 && fromEnd + segments.get(i - 1).durationSeconds() <= 3.0 * targetDuration) {
            fromEnd += segments.get(i - 1).durationSeconds();
            i--;
        }
        return i;
    }
}
