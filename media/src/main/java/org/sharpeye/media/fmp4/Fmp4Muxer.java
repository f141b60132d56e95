package org.sharpeye.media.fmp4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.sharpeye.media.Frame;
import org.sharpeye.media.VideoTrack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes frames as fragmented MP4 (ISO/IEC 14496-12 8.8; the Media Source Extensions ISO BMFF byte stream format)
 * for one viewer: an init segment, then one movie fragment per frame for the lowest latency. H.264 goes as
 * {@code avc1} + avcC, H.265 as {@code hvc1} + hvcC (ISO/IEC 14496-15). Decode times start at 0 and keep
 * advancing across a source restart ({@link DecodeTimeline}). A viewer starts at a keyframe: fragments before the
 * first one are skipped. When the track's parameter sets change, {@link #needsInit} turns true and the caller
 * sends a new init segment before the next fragment. Not thread-safe: one muxer per viewer.
 */
public final class Fmp4Muxer {

    /** Frames larger than this are skipped: no camera sends a 16 MiB picture, a broken depacketizer might. */
    public static final int MAX_FRAME_BYTES = 16 << 20;
    private static final Logger log = LoggerFactory.getLogger(Fmp4Muxer.class);
    private static final long DEFAULT_DURATION_TICKS = DecodeTimeline.TIMESCALE / 25;

    private final ByteBufAllocator alloc;
    private final DecodeTimeline timeline = new DecodeTimeline();
    private VideoTrack initTrack;
    private boolean waitingForKeyframe = true;
    private int sequenceNumber;
    private long lastDecodeTicks = -1;
    private long lastDurationTicks = DEFAULT_DURATION_TICKS;
    private long skippedFrames;

    public Fmp4Muxer(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    /**
     * The RFC 6381 codecs string of {@code track} for {@code MediaSource.isTypeSupported}; see {@link CodecString}.
     *
     * @throws IllegalArgumentException when the track's SPS is too short to hold a profile and level
     */
    public static String codecs(VideoTrack track) {
        return CodecString.of(track);
    }

    /** The MSE MIME type for {@code track}, e.g. {@code video/mp4; codecs="avc1.64001F"}. */
    public static String mimeType(VideoTrack track) {
        return "video/mp4; codecs=\"" + codecs(track) + "\"";
    }

    /**
     * True when {@code frame} belongs to a track whose init segment this viewer has not been sent: the caller must
     * send {@link #initSegment} of {@code frame.track()} before passing the frame to {@link #fragment(Frame)}.
     */
    public boolean needsInit(Frame frame) {
        return frame.isVideo() && frame.track() != null && !frame.track().sameConfiguration(initTrack);
    }

    /**
     * The init segment (ftyp + moov) for {@code track}; fragments that follow must be of this track and start at
     * a keyframe. The caller owns (and releases) the returned buffer.
     *
     * @return the init segment, or null when the track's parameter sets are too short to describe it (its frames
     *     will then be skipped)
     */
    public ByteBuf initSegment(VideoTrack track) {
        ByteBuf out;
        try {
            out = InitSegment.write(alloc, track);
        } catch (IllegalArgumentException e) {
            log.warn("cannot describe {} in an init segment: {}", track, e.getMessage());
            return null;
        }
        initTrack = track;
        waitingForKeyframe = true;
        return out;
    }

    /**
     * One movie fragment holding {@code frame} alone. Does not take the frame's reference: the result holds its
     * own (a retained duplicate of the frame's data). The sample's duration is not known yet, so the previous
     * frame's is used; the next fragment's tfdt keeps the timeline exact.
     *
     * @return the bytes to send (the caller owns them), or null when the frame is skipped: before the first
     *     keyframe, of another track than the last init segment, or malformed (counted in {@link #skippedFrames})
     */
    public ByteBuf fragment(Frame frame) {
        if (!accept(frame)) {
            return null;
        }
        long decode = timeline.ticks(frame.dtsMicros());
        if (lastDecodeTicks >= 0 && decode > lastDecodeTicks) {
            lastDurationTicks = decode - lastDecodeTicks;
        }
        lastDecodeTicks = decode;
        FragmentSample sample = new FragmentSample(frame, lastDurationTicks, compositionOffset(frame));
        return MovieFragment.write(alloc, ++sequenceNumber, decode, List.of(sample));
    }

    /**
     * One movie fragment holding all of {@code frames} (an HLS segment); the last lasts until
     * {@code endDtsMicros}, the decode time of the frame that follows. Frames that {@link #fragment(Frame)} would
     * skip are left out. Does not take the frames' references; the caller owns the result.
     *
     * @return the fragment, or null when no frame was usable
     */
    public ByteBuf fragment(List<Frame> frames, long endDtsMicros) {
        List<Frame> usable = new ArrayList<>(frames.size());
        for (Frame f : frames) {
            if (accept(f)) {
                usable.add(f);
            }
        }
        if (usable.isEmpty()) {
            return null;
        }
        List<FragmentSample> samples = new ArrayList<>(usable.size());
        long base = timeline.ticks(usable.get(0).dtsMicros());
        long at = base;
        for (int i = 0; i < usable.size(); i++) {
            long next = timeline.ticks(i + 1 < usable.size() ? usable.get(i + 1).dtsMicros() : endDtsMicros);
            long duration = next > at ? next - at : lastDurationTicks;
            lastDurationTicks = duration;
            lastDecodeTicks = at;
            samples.add(new FragmentSample(usable.get(i), duration, compositionOffset(usable.get(i))));
            at = next;
        }
        return MovieFragment.write(alloc, ++sequenceNumber, base, samples);
    }

    /** Frames skipped since this muxer was made: before a keyframe, without a matching init, or malformed. */
    public long skippedFrames() {
        return skippedFrames;
    }

    private boolean accept(Frame frame) {
        if (!frame.isVideo()) {
            return false; // audio arrives with the audio issue
        }
        if (frame.track() == null || !frame.track().sameConfiguration(initTrack)) {
            skippedFrames++;
            return false;
        }
        if (waitingForKeyframe && !frame.isKeyframe()) {
            skippedFrames++;
            return false;
        }
        int size = frame.data().readableBytes();
        if (size > MAX_FRAME_BYTES || !MovieFragment.isLengthPrefixed(frame.data())) {
            skippedFrames++;
            log.debug("skipping a malformed frame of {} bytes", size);
            return false;
        }
        waitingForKeyframe = false;
        return true;
    }

    private static long compositionOffset(Frame frame) {
        return DecodeTimeline.toTicks(frame.ptsMicros() - frame.dtsMicros());
    }
}
