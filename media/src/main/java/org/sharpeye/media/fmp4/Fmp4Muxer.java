package org.sharpeye.media.fmp4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Codec;
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
 * sends a new init segment before the next fragment.
 *
 * <p>Audio: an init segment made with an AAC {@link AudioTrack} has a second track ({@code mp4a}), and that
 * track's frames become fragments of their own (or a second run in a multi-frame fragment) on the same timeline
 * as the video, in the audio's sample-rate timescale. G.711 has no place in an MSE byte stream (browsers decode
 * neither {@code alaw} nor {@code ulaw} from MP4), so it is left out, logged once per muxer. Audio of a
 * configuration other than the init segment's is skipped until the next init. Not thread-safe: one muxer per
 * viewer.
 */
public final class Fmp4Muxer {

    /** Frames larger than this are skipped: no camera sends a 16 MiB picture, a broken depacketizer might. */
    public static final int MAX_FRAME_BYTES = 16 << 20;
    private static final Logger log = LoggerFactory.getLogger(Fmp4Muxer.class);
    private static final long DEFAULT_DURATION_TICKS = DecodeTimeline.TIMESCALE / 25;

    private final ByteBufAllocator alloc;
    private final DecodeTimeline timeline = new DecodeTimeline();
    private VideoTrack initTrack;
    private AudioTrack initAudio;
    private boolean audioRefusalLogged;
    private long lastAudioTicks = -1;
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
     * The codecs string of what {@link #initSegment(VideoTrack, AudioTrack)} describes for these tracks, e.g.
     * {@code avc1.64001F,mp4a.40.2}; the audio is left out when fMP4 cannot carry it.
     */
    public static String codecs(VideoTrack track, AudioTrack audio) {
        return CodecString.of(track, carried(audio));
    }

    /** The MSE MIME type for a video and (when carried) an audio track. */
    public static String mimeType(VideoTrack track, AudioTrack audio) {
        return "video/mp4; codecs=\"" + codecs(track, audio) + "\"";
    }

    /** {@code audio} when this muxer carries it (AAC), else null. */
    public static AudioTrack carried(AudioTrack audio) {
        return audio != null && audio.codec() == Codec.AAC ? audio : null;
    }

    /**
     * True when {@code frame} belongs to a track whose init segment this viewer has not been sent: the caller must
     * send {@link #initSegment} of {@code frame.track()} before passing the frame to {@link #fragment(Frame)}.
     */
    public boolean needsInit(Frame frame) {
        return frame.isVideo() && frame.track() != null && !frame.track().sameConfiguration(initTrack);
    }

    /**
     * True when a keyframe should be preceded by a new init segment: its video track, or the stream's audio track
     * {@code audio}, is not the one of the last init segment.
     */
    public boolean needsInit(Frame keyframe, AudioTrack audio) {
        AudioTrack carried = carried(audio);
        return needsInit(keyframe) || (carried == null ? initAudio != null : !carried.sameConfiguration(initAudio));
    }

    /**
     * The init segment (ftyp + moov) for {@code track}; fragments that follow must be of this track and start at
     * a keyframe. The caller owns (and releases) the returned buffer.
     *
     * @return the init segment, or null when the track's parameter sets are too short to describe it (its frames
     *     will then be skipped)
     */
    public ByteBuf initSegment(VideoTrack track) {
        return initSegment(track, null);
    }

    /**
     * The init segment for {@code track} and the audio track {@code audio} (null: none; G.711 is left out, see
     * the class comment). The caller owns the returned buffer.
     *
     * @return the init segment, or null when the track's parameter sets are too short to describe it
     */
    public ByteBuf initSegment(VideoTrack track, AudioTrack audio) {
        AudioTrack carried = carried(audio);
        if (audio != null && carried == null && !audioRefusalLogged) {
            audioRefusalLogged = true;
            log.info("{} audio is left out of fMP4: MSE players cannot decode it from MP4", audio.codec());
        }
        ByteBuf out;
        try {
            out = InitSegment.write(alloc, track, carried);
        } catch (IllegalArgumentException e) {
            log.warn("cannot describe {} / {} in an init segment: {}", track, carried, e.getMessage());
            return null;
        }
        initTrack = track;
        initAudio = carried;
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
        if (!frame.isVideo()) {
            long ticks = acceptAudio(frame);
            if (ticks < 0) {
                return null;
            }
            FragmentSample sample = new FragmentSample(frame, AudioTrack.AAC_FRAME_SAMPLES, 0);
            return MovieFragment.write(alloc, ++sequenceNumber, List.of(
                    new MovieFragment.TrackRun(InitSegment.AUDIO_TRACK_ID, ticks, List.of(sample))));
        }
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
        // Every time is mapped in arrival order, as the frames came: the timeline tells a restart from the small
        // steps back between interleaved audio and video, not from a jump back to the start of the list.
        List<Frame> usable = new ArrayList<>(frames.size());
        List<Long> decode = new ArrayList<>(frames.size());
        List<FragmentSample> audio = new ArrayList<>();
        long audioBase = -1;
        for (Frame f : frames) {
            if (!f.isVideo()) {
                long ticks = acceptAudio(f);
                if (ticks >= 0) {
                    audioBase = audioBase < 0 ? ticks : audioBase;
                    audio.add(new FragmentSample(f, AudioTrack.AAC_FRAME_SAMPLES, 0));
                }
            } else if (accept(f)) {
                usable.add(f);
                decode.add(timeline.ticks(f.dtsMicros()));
            }
        }
        if (usable.isEmpty()) {
            return null;
        }
        long end = timeline.ticks(endDtsMicros);
        List<FragmentSample> samples = new ArrayList<>(usable.size());
        for (int i = 0; i < usable.size(); i++) {
            long at = decode.get(i);
            long next = i + 1 < usable.size() ? decode.get(i + 1) : end;
            long duration = next > at ? next - at : lastDurationTicks;
            lastDurationTicks = duration;
            lastDecodeTicks = at;
            samples.add(new FragmentSample(usable.get(i), duration, compositionOffset(usable.get(i))));
        }
        List<MovieFragment.TrackRun> runs = new ArrayList<>(2);
        runs.add(new MovieFragment.TrackRun(InitSegment.TRACK_ID, decode.get(0), samples));
        if (!audio.isEmpty()) {
            runs.add(new MovieFragment.TrackRun(InitSegment.AUDIO_TRACK_ID, audioBase, audio));
        }
        return MovieFragment.write(alloc, ++sequenceNumber, runs);
    }

    /** Frames skipped since this muxer was made: before a keyframe, without a matching init, or malformed. */
    public long skippedFrames() {
        return skippedFrames;
    }

    /**
     * The decode time of an audio frame in its track's timescale, or -1 when it is skipped: no audio track in the
     * init segment, another configuration, before the first keyframe, before the start of time, or no later than
     * the previous audio frame (an AAC frame lasts 1024 samples; one that would overlap it is a duplicate).
     */
    private long acceptAudio(Frame frame) {
        AudioTrack track = frame.audioTrack();
        if (initAudio == null || waitingForKeyframe || !initAudio.sameConfiguration(track)
                || frame.data().readableBytes() > MAX_FRAME_BYTES) {
            return -1;
        }
        long micros = timeline.micros(frame.dtsMicros());
        if (micros < 0) {
            return -1;
        }
        long ticks = Math.floorDiv(micros * track.sampleRate() + 500_000, 1_000_000);
        if (lastAudioTicks >= 0) {
            long expected = lastAudioTicks + AudioTrack.AAC_FRAME_SAMPLES;
            if (ticks <= lastAudioTicks) {
                return -1;
            }
            // the arrival-based audio clock jitters by a few ms: keep the samples contiguous unless really apart
            if (Math.abs(ticks - expected) < AudioTrack.AAC_FRAME_SAMPLES / 2) {
                ticks = expected;
            }
        }
        lastAudioTicks = ticks;
        return ticks;
    }

    private boolean accept(Frame frame) {
        if (!frame.isVideo()) {
            return false;
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
