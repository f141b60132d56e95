package org.sharpeye.media.hls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Frame;
import org.sharpeye.media.VideoTrack;
import org.sharpeye.media.fmp4.CodecString;
import org.sharpeye.media.fmp4.DecodeTimeline;
import org.sharpeye.media.fmp4.Fmp4Muxer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Cuts one camera profile's frames into HLS media segments (RFC 8216) and keeps a sliding window of them, shared by
 * all the profile's HLS clients. A segment starts at a keyframe and ends at the first keyframe at least the target
 * duration after its start, so its EXTINF is the real keyframe spacing. Segments are fMP4 (with EXT-X-MAP init
 * sections) or MPEG-TS; with {@link HlsOptions#partTarget()} they are also cut into Low-Latency HLS partial
 * segments, and {@link #awaitPlaylist} implements blocking playlist reload. Segments leaving the window, and
 * everything on {@link #close()}, are released.
 *
 * <p>Resources are named {@code init-N.mp4}, {@code segment-N.m4s} / {@code segment-N.ts} and
 * {@code part-N-M.m4s} / {@code part-N-M.ts}, relative to the playlist; {@link #file} serves them.
 *
 * <p>Thread-safety: every public method is safe to call from any thread (they synchronize on the segmenter), so
 * clients' requests may read while the stream's thread writes; frames are expected from one thread, in decode
 * order. Futures from {@link #awaitPlaylist} are completed by the thread that passes the frame, outside the lock.
 */
public final class HlsSegmenter implements AutoCloseable {

    /** A segment grown past this without a keyframe is dropped: the camera's GOP is broken or absurdly long. */
    static final long MAX_SEGMENT_MICROS = 60_000_000;
    static final long MAX_SEGMENT_BYTES = 64L << 20;
    private static final Logger log = LoggerFactory.getLogger(HlsSegmenter.class);
    private static final long DEFAULT_FRAME_MICROS = 40_000;

    private final HlsOptions options;
    private final ByteBufAllocator alloc;
    private final SegmentWriter writer;
    private final DecodeTimeline timeline = new DecodeTimeline();
    private final long targetTicks;
    private final long partTargetTicks;
    private final Deque<HlsSegment> window = new ArrayDeque<>();
    private final Deque<InitSection> inits = new ArrayDeque<>();
    private final List<HlsPart> pendingParts = new ArrayList<>();
    private final BlockingReloads reloads = new BlockingReloads();

    private VideoTrack track;
    private AudioTrack audio;
    private AudioTrack initAudio;
    private InitSection init;
    private int initCount;
    private long nextSequence;
    private long pendingStartTicks = -1;
    private long partStartTicks;
    private boolean partStartsWithKeyframe;
    private long pendingPartBytes;
    private boolean pendingDiscontinuity;
    private boolean discontinuityAhead;
    private long lastTicks;
    private long lastDtsMicros = Long.MIN_VALUE;
    private long lastFrameMicros = DEFAULT_FRAME_MICROS;
    private int targetDurationSeconds;
    private long discontinuitySequence;
    private long skippedFrames;
    private long droppedSegments;
    private boolean ended;
    private boolean closed;

    public HlsSegmenter(ByteBufAllocator alloc, HlsOptions options) {
        this.options = options;
        this.alloc = alloc;
        this.writer = options.format() == SegmentFormat.FMP4
                ? new Fmp4SegmentWriter(alloc) : new TsSegmentWriter(alloc);
        this.targetTicks = ticks(options.targetDuration());
        this.partTargetTicks = options.partTarget() == null ? 0 : ticks(options.partTarget());
        this.targetDurationSeconds = (int) Math.ceil(options.targetDuration().toMillis() / 1000.0);
    }

    /**
     * Takes the next frame, in decode order. Does not take the frame's reference: the segmenter retains what it
     * keeps. A frame without a track, or too large, is skipped and counted in {@link #skippedFrames}; audio,
     * frames before the first keyframe, and frames after {@link #end()} or {@link #close()} are ignored.
     */
    public void accept(Frame frame) {
        List<CompletableFuture<String>> satisfied;
        String playlist;
        synchronized (this) {
            long before = progress();
            acceptLocked(frame);
            if (progress() == before) {
                return;
            }
            satisfied = reloads.satisfied(nextSequence, pendingParts.size());
            playlist = satisfied.isEmpty() ? null : render();
        }
        satisfied.forEach(f -> f.complete(playlist));
    }

    /**
     * The stream has ended: the segment in progress is finished (its last frame given the previous frame's
     * duration) and the playlist gets EXT-X-ENDLIST. Later frames are ignored; held playlist requests complete.
     */
    public void end() {
        List<CompletableFuture<String>> held;
        String playlist;
        synchronized (this) {
            if (closed || ended) {
                return;
            }
            if (pendingStartTicks >= 0) {
                finishSegment(lastTicks + DecodeTimeline.toTicks(lastFrameMicros), lastDtsMicros + lastFrameMicros);
            }
            ended = true;
            held = reloads.drain();
            playlist = render();
        }
        held.forEach(f -> f.complete(playlist));
    }

    /**
     * The stream's audio track, known before its first audio frame (the source announced it): the first init
     * section then describes it. Later changes are learned from the frames themselves.
     */
    public synchronized void audio(AudioTrack track) {
        if (track != null) {
            audio = track;
        }
    }

    /** The media playlist, or null while no segment is finished (a client may retry after a target duration). */
    public synchronized String playlist() {
        return render();
    }

    /**
     * Blocking playlist reload (RFC 8216bis 6.2.5.2): the playlist once it holds segment {@code msn} (the
     * _HLS_msn query parameter) and, when {@code part} is not negative, that segment's part {@code part}
     * (_HLS_part). The caller bounds the wait (e.g. {@code orTimeout} of three target durations) and answers
     * 503 then; the future fails with IllegalArgumentException for a segment more than two ahead (answer 400),
     * with IllegalStateException when too many requests are held or the segmenter is closed.
     */
    public CompletableFuture<String> awaitPlaylist(long msn, int part) {
        CompletableFuture<String> future = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("segmenter closed"));
            }
            if (ended || BlockingReloads.isSatisfied(msn, part, nextSequence, pendingParts.size())) {
                String playlist = render();
                if (playlist != null) {
                    return CompletableFuture.completedFuture(playlist);
                }
            }
            if (msn > nextSequence + 2) {
                return CompletableFuture.failedFuture(new IllegalArgumentException(
                        "_HLS_msn " + msn + " is more than two segments after " + nextSequence));
            }
            if (!reloads.add(msn, part, future)) {
                return CompletableFuture.failedFuture(new IllegalStateException("too many held playlist requests"));
            }
        }
        return future;
    }

    /**
     * A segment, part or init section of the window by its name in the playlist.
     *
     * @return a retained duplicate of its bytes, which the caller must release, or null when it is not (or no
     *     longer) in the window
     */
    public synchronized ByteBuf file(String name) {
        if (closed) {
            return null;
        }
        for (HlsSegment s : window) {
            if (s.name().equals(name)) {
                return s.data().retainedDuplicate();
            }
            ByteBuf part = HlsPart.find(s.parts(), name);
            if (part != null) {
                return part;
            }
        }
        ByteBuf part = HlsPart.find(pendingParts, name);
        if (part != null) {
            return part;
        }
        for (InitSection i : inits) {
            if (i.name().equals(name)) {
                return i.data().retainedDuplicate();
            }
        }
        return null;
    }

    /**
     * The RFC 6381 codecs string of the current tracks (for a multivariant playlist's CODECS), e.g.
     * {@code avc1.64001F,mp4a.40.2}, or null before the first keyframe or when its SPS holds no profile and level.
     */
    public synchronized String codecs() {
        try {
            // both containers carry AAC and leave G.711 out (see Fmp4Muxer and TsMuxer)
            return track == null ? null : CodecString.of(track, Fmp4Muxer.carried(initAudio));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The names of the segments in the window, oldest first. */
    public synchronized List<String> segmentNames() {
        List<String> names = new ArrayList<>(window.size());
        window.forEach(s -> names.add(s.name()));
        return names;
    }

    /**
     * Frames skipped because they had no track, were too large or malformed, changed parameter sets off a
     * keyframe, or were keyframes of a track too broken to describe in an init section.
     */
    public synchronized long skippedFrames() {
        return skippedFrames + writer.skippedFrames();
    }

    /** Segments dropped because they grew past the size or duration bound without a keyframe. */
    public synchronized long droppedSegments() {
        return droppedSegments;
    }

    /**
     * Releases every segment, part, init section and held frame; the segmenter serves nothing afterwards and
     * held playlist requests fail with IllegalStateException.
     */
    @Override
    public void close() {
        List<CompletableFuture<String>> held;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            writer.discard();
            discardPendingParts();
            window.forEach(HlsSegment::release);
            window.clear();
            inits.forEach(i -> i.data().release());
            inits.clear();
            init = null;
            held = reloads.drain();
        }
        held.forEach(f -> f.completeExceptionally(new IllegalStateException("segmenter closed")));
    }

    private void acceptLocked(Frame frame) {
        if (closed || ended) {
            return;
        }
        if (!frame.isVideo()) {
            audio = frame.audioTrack();
            // audio joins the segment in progress; the writer's muxer leaves out what it cannot carry
            if (pendingStartTicks >= 0 && writer.bytes() > 0
                    && pendingPartBytes + writer.bytes() + frame.data().readableBytes() <= MAX_SEGMENT_BYTES) {
                writer.add(frame);
            }
            return;
        }
        if (frame.track() == null || frame.data().readableBytes() > Fmp4Muxer.MAX_FRAME_BYTES) {
            skippedFrames++;
            return;
        }
        long ticks = timeline.ticks(frame.dtsMicros());
        if (frame.isKeyframe()) {
            boolean newTrack = !frame.track().sameConfiguration(track) || writer.audioNeedsInit(audio);
            if (pendingStartTicks >= 0 && (newTrack || ticks - pendingStartTicks >= targetTicks)) {
                finishSegment(ticks, frame.dtsMicros());
            }
            if (pendingStartTicks < 0) {
                startSegment(frame, ticks, newTrack);
            }
        }
        if (pendingStartTicks < 0) {
            if (frame.isKeyframe()) {
                skippedFrames++; // a keyframe that could not start a segment: its track has no init section
            }
            return; // waiting for a keyframe
        }
        if (!frame.track().sameConfiguration(track)) {
            skippedFrames++; // new parameter sets announced on a non-keyframe: useless until the next keyframe
            return;
        }
        if (ticks - pendingStartTicks > DecodeTimeline.toTicks(MAX_SEGMENT_MICROS)
                || pendingPartBytes + writer.bytes() + frame.data().readableBytes() > MAX_SEGMENT_BYTES) {
            log.warn("dropping an HLS segment without a keyframe for {} s or {} bytes",
                    (ticks - pendingStartTicks) / DecodeTimeline.TIMESCALE, pendingPartBytes + writer.bytes());
            writer.discard();
            discardPendingParts();
            pendingStartTicks = -1;
            discontinuityAhead = true;
            droppedSegments++;
            return;
        }
        // a part ends before the frame that would take it past the part target (RFC 8216bis 4.4.4.9)
        if (partTargetTicks > 0 && writer.bytes() > 0
                && ticks + DecodeTimeline.toTicks(lastFrameMicros) - partStartTicks > partTargetTicks) {
            finishPart(ticks, frame.dtsMicros());
        }
        if (writer.bytes() == 0) {
            partStartTicks = ticks;
            partStartsWithKeyframe = frame.isKeyframe();
        }
        writer.add(frame);
        long delta = frame.dtsMicros() - lastDtsMicros;
        if (delta > 0 && delta <= 1_000_000) {
            lastFrameMicros = delta; // the frame interval, for part cuts and the last frame's duration at end()
        }
        lastTicks = ticks;
        lastDtsMicros = frame.dtsMicros();
    }

    private void startSegment(Frame keyframe, long ticks, boolean newTrack) {
        if (newTrack) {
            ByteBuf section = writer.initSection(keyframe.track(), audio);
            if (section == null && options.format() == SegmentFormat.FMP4) {
                return; // the track cannot be described (logged by the muxer); its frames are skipped, counted
            }
            pendingDiscontinuity = discontinuityAhead || track != null;
            track = keyframe.track();
            initAudio = audio;
            if (section != null) {
                init = new InitSection("init-" + (++initCount) + ".mp4", section);
                inits.addLast(init);
            }
        } else {
            pendingDiscontinuity = discontinuityAhead;
        }
        discontinuityAhead = false;
        pendingStartTicks = ticks;
    }

    private void finishPart(long endTicks, long endDtsMicros) {
        ByteBuf data = writer.cut(endDtsMicros);
        if (data == null) {
            return;
        }
        String name = "part-" + nextSequence + "-" + pendingParts.size() + options.format().extension();
        pendingParts.add(new HlsPart(name, endTicks - partStartTicks, partStartsWithKeyframe, data));
        pendingPartBytes += data.readableBytes();
    }

    private void finishSegment(long endTicks, long endDtsMicros) {
        long duration = endTicks - pendingStartTicks;
        pendingStartTicks = -1;
        ByteBuf data;
        List<HlsPart> parts = List.of();
        if (partTargetTicks > 0) {
            finishPart(endTicks, endDtsMicros);
            if (pendingParts.isEmpty()) {
                return;
            }
            parts = List.copyOf(pendingParts);
            pendingParts.clear();
            pendingPartBytes = 0;
            CompositeByteBuf whole = alloc.compositeBuffer(parts.size());
            parts.forEach(p -> whole.addComponent(true, p.data().retainedDuplicate()));
            data = whole;
        } else {
            data = writer.cut(endDtsMicros);
            if (data == null) {
                return;
            }
        }
        long sequence = nextSequence++;
        HlsSegment segment = new HlsSegment(sequence, "segment-" + sequence + options.format().extension(),
                duration, data, init, pendingDiscontinuity, parts);
        window.addLast(segment);
        // RFC 8216 6.2.1: the target duration may not shrink; it grows if a camera's GOP is longer than asked
        targetDurationSeconds = Math.max(targetDurationSeconds, (int) Math.round(segment.durationSeconds()));
        while (window.size() > options.windowSize()) {
            HlsSegment gone = window.removeFirst();
            if (gone.discontinuity()) {
                discontinuitySequence++;
            }
            gone.release();
        }
        while (!inits.isEmpty() && inits.peekFirst() != init && inits.peekFirst() != window.peekFirst().init()) {
            inits.removeFirst().data().release();
        }
    }

    private String render() {
        if (closed || window.isEmpty()) {
            return null;
        }
        double partTarget = partTargetTicks / (double) DecodeTimeline.TIMESCALE;
        return new MediaPlaylist(options.format(), targetDurationSeconds, discontinuitySequence, partTarget,
                List.copyOf(window), List.copyOf(pendingParts), init, pendingDiscontinuity, ended).render();
    }

    // Segments finished and parts cut so far: what a held playlist request may be waiting for.
    private long progress() {
        return (nextSequence << 16) + pendingParts.size();
    }

    private void discardPendingParts() {
        pendingParts.forEach(p -> p.data().release());
        pendingParts.clear();
        pendingPartBytes = 0;
    }

    private static long ticks(Duration d) {
        return DecodeTimeline.toTicks(d.toNanos() / 1000);
    }
}
