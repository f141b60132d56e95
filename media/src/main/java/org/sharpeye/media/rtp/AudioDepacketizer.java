package org.sharpeye.media.rtp;

import io.netty.buffer.ByteBuf;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the audio payload formats share: sequence tracking (a gap is counted as lost frames, late and repeated
 * packets are ignored), the RTP clock unwrapped to microseconds, counters, and the frame consumer. The payload
 * layout lives in the subclasses (RFC 3551 for G.711, RFC 3640 for AAC).
 *
 * <p>Not thread-safe: one source thread pushes. Frames go to the consumer given at construction, which receives
 * one reference per frame and must release it. {@link #push} does not take ownership of the packet.
 */
public abstract class AudioDepacketizer implements AutoCloseable {

    private final AudioTrack track;
    private final RtpTimeline timeline;
    private final Consumer<Frame> frames;
    private final DepacketizerStats stats = new DepacketizerStats();
    private final RtpSequence sequence = new RtpSequence(stats);
    private boolean closed;

    /** @param track what the frames are; its codec says which, the clock rate is the RTP one */
    protected AudioDepacketizer(AudioTrack track, int clockRate, Consumer<Frame> frames) {
        this.track = Objects.requireNonNull(track, "track");
        this.timeline = new RtpTimeline(clockRate);
        this.frames = Objects.requireNonNull(frames, "frames");
    }

    /**
     * Takes one RTP packet of this stream. The packet stays the caller's to release.
     *
     * @return what happened; errors are also counted in {@link #stats()} with their detail
     */
    public final DepacketizerOutcome push(RtpPacket packet) {
        if (closed || !sequence.accept(packet.sequence())) {
            return DepacketizerOutcome.DUPLICATE;
        }
        boolean loss = sequence.gap();
        long ticks = timeline.unwrap(packet.timestamp());
        DepacketizerOutcome outcome = depacketize(packet.content(), ticks, loss, packet.marker());
        if (outcome == DepacketizerOutcome.FRAME_DROPPED || loss) {
            stats.frameLost(); // one packet usually holds one frame (G.711) or a few (AAC): count the gap once
        }
        return outcome;
    }

    /**
     * Reads one packet's payload.
     *
     * @param ticks the packet's timestamp on the unwrapped RTP clock
     * @param loss packets were lost right before this one
     */
    protected abstract DepacketizerOutcome depacketize(ByteBuf payload, long ticks, boolean loss, boolean marker);

    /** Hands a frame of {@code data} (whose reference it takes) at {@code ticks} to the consumer. */
    protected final void emit(long ticks, ByteBuf data) {
        stats.frameOut();
        frames.accept(Frame.audio(track, timeline.micros(ticks), data, System.nanoTime()));
    }

    protected final DepacketizerOutcome error(DepacketizerOutcome outcome, String detail) {
        stats.error(outcome, detail);
        return outcome;
    }

    public final Codec codec() {
        return track.codec();
    }

    /** The decoder configuration every frame carries. */
    public final AudioTrack track() {
        return track;
    }

    public final int clockRate() {
        return timeline.clockRate();
    }

    public final DepacketizerStats stats() {
        return stats;
    }

    /** Releases what is buffered; later packets are ignored. */
    @Override
    public void close() {
        closed = true;
    }
}
