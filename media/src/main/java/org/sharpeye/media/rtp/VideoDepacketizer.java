package org.sharpeye.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;
import org.sharpeye.media.VideoTrack;
import org.sharpeye.media.codec.BitstreamException;
import org.sharpeye.media.codec.NalUnits;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reassembles access units from the RTP packets of one H.264 or H.265 stream and hands them on as {@link Frame}s
 * in the length-prefixed layout. The payload formats (RFC 6184, RFC 7798) live in the subclasses; this class
 * keeps what they share:
 * <ul>
 * <li>An access unit is the packets with one RTP timestamp, ended by the marker bit or by a new timestamp
 * (RFC 6184 5.1, RFC 7798 4.1).</li>
 * <li>A sequence-number gap breaks the access unit it falls in; a broken access unit is discarded whole and
 * counted, and frames are then skipped until the next keyframe, because a lost picture may have been a
 * reference. Before the first frame is delivered a broken access unit is skipped, not counted (a stream
 * joined in the middle of an access unit).</li>
 * <li>Parameter sets come from the SDP and are replaced by in-band ones; a change makes a new {@link VideoTrack}
 * whose size comes from the SPS. Access unit delimiters are dropped; SEI is kept.</li>
 * <li>NAL unit and access unit sizes are bounded ({@link DepacketizerLimits}).</li>
 * </ul>
 *
 * <p>Not thread-safe: one source thread pushes. Frames go to the consumer given at construction, which receives
 * one reference per frame and must release it. {@link #push} does not take ownership of the packet.
 */
public abstract class VideoDepacketizer implements AutoCloseable {

    /** Every video payload format of ours uses the 90 kHz clock (RFC 6184 8.2.1, RFC 7798 7.1). */
    public static final int CLOCK_RATE = 90_000;

    private static final int INITIAL_AU_CAPACITY = 64 * 1024;

    private final Codec codec;
    private final DepacketizerLimits limits;
    private final ByteBufAllocator alloc;
    private final Consumer<Frame> frames;
    private final RtpTimeline timeline = new RtpTimeline(CLOCK_RATE);
    private final DepacketizerStats stats = new DepacketizerStats();
    private final RtpSequence sequence = new RtpSequence(stats);

    private byte[] vps;
    private byte[] sps;
    private byte[] pps;
    private boolean parameterSetsChanged;
    private VideoTrack track;

    private boolean waitingForKeyframe = true;

    private boolean inAccessUnit;
    private long accessUnitTicks;
    private boolean broken;
    private boolean keyframe;
    private ByteBuf accessUnit;

    private boolean inFragment;
    private int fragmentLengthIndex;
    private boolean closed;

    protected VideoDepacketizer(Codec codec, List<byte[]> parameterSets, DepacketizerLimits limits,
                                ByteBufAllocator alloc, Consumer<Frame> frames) {
        this.codec = codec;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.alloc = Objects.requireNonNull(alloc, "alloc");
        this.frames = Objects.requireNonNull(frames, "frames");
        for (byte[] nal : parameterSets) {
            if (nal.length > 0) {
                learnParameterSet(nal);
            }
        }
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
        DepacketizerOutcome result = DepacketizerOutcome.BUFFERED;
        if (loss && inAccessUnit) {
            broken = true; // its middle or its end is missing
        }
        if (inAccessUnit && ticks != accessUnitTicks) {
            result = finish(); // ended without a marker: allowed, the new timestamp ends it
        }
        if (!inAccessUnit) {
            start(ticks);
        }
        if (loss) {
            broken = true; // the missing packets may have begun this access unit
        }
        if (!broken) {
            DepacketizerOutcome outcome = depacketize(packet.content());
            if (outcome.isError()) {
                broken = true;
                result = result.worst(outcome);
            }
        }
        if (packet.marker()) {
            result = result.worst(finish());
        }
        return result;
    }

    /** The track in force: from the SDP until in-band parameter sets replace it; null before any. */
    public final VideoTrack track() {
        return track;
    }

    public final DepacketizerStats stats() {
        return stats;
    }

    public final Codec codec() {
        return codec;
    }

    /** Releases the assembly buffer, with a partly assembled access unit in it. */
    @Override
    public void close() {
        closed = true;
        discardAccessUnit();
        if (accessUnit != null) {
            accessUnit.release();
            accessUnit = null;
        }
    }

    /** Parses one payload (RFC 6184 / RFC 7798) by calling {@link #nalUnit} or the fragment methods. */
    protected abstract DepacketizerOutcome depacketize(ByteBuf payload);

    /** Builds the track of a complete set of parameter sets; {@code vps} is null for H.264. */
    protected abstract VideoTrack buildTrack(byte[] vps, byte[] sps, byte[] pps) throws BitstreamException;

    /** Records an error with its detail and returns it, for the subclasses' parsers. */
    protected final DepacketizerOutcome fail(DepacketizerOutcome outcome, String detail) {
        stats.error(outcome, detail);
        return outcome;
    }

    /**
     * One complete NAL unit (header included), the {@code length} bytes of {@code buf} at {@code index}; its bytes
     * are copied, the buffer is not retained. Index and length rather than a slice: no wrapper per NAL unit.
     */
    protected final DepacketizerOutcome nalUnit(ByteBuf buf, int index, int length) {
        int headerSize = codec == Codec.H265 ? 2 : 1;
        if (length < headerSize) {
            return fail(DepacketizerOutcome.MALFORMED, "NAL unit of " + length + " bytes");
        }
        if (length > limits.maxNalUnitBytes()) {
            return fail(DepacketizerOutcome.NAL_UNIT_TOO_LARGE, length + " bytes");
        }
        int type = NalUnits.type(codec, buf.getByte(index));
        if (isAccessUnitDelimiter(type)) {
            return DepacketizerOutcome.BUFFERED;
        }
        if (NalUnits.isParameterSet(codec, type)) {
            learnParameterSet(ByteBufUtil.getBytes(buf, index, length));
            return DepacketizerOutcome.BUFFERED;
        }
        DepacketizerOutcome room = reserve(4 + length);
        if (room != DepacketizerOutcome.BUFFERED) {
            return room;
        }
        accessUnit.writeInt(length);
        append(buf, index, length);
        keyframe |= NalUnits.isKeyframe(codec, type);
        return DepacketizerOutcome.BUFFERED;
    }

    /**
     * Copies bytes into the access unit by {@code getBytes} from the source: writing a derived buffer (a slice) into
     * a pooled direct buffer would make an NIO view of it per call.
     */
    private void append(ByteBuf buf, int index, int length) {
        accessUnit.ensureWritable(length); // getBytes does not grow its destination, as writeBytes does
        int at = accessUnit.writerIndex();
        buf.getBytes(index, accessUnit, at, length);
        accessUnit.writerIndex(at + length);
    }

    /** Starts a fragmented NAL unit (FU-A, H.265 FU) with its reconstructed NAL unit header. */
    protected final DepacketizerOutcome fragmentStart(byte[] nalHeader) {
        if (inFragment) {
            return fail(DepacketizerOutcome.MALFORMED, "fragment start before the previous fragment's end");
        }
        DepacketizerOutcome room = reserve(4 + nalHeader.length);
        if (room != DepacketizerOutcome.BUFFERED) {
            return room;
        }
        fragmentLengthIndex = accessUnit.writerIndex();
        accessUnit.writeInt(0);
        accessUnit.writeBytes(nalHeader);
        inFragment = true;
        return DepacketizerOutcome.BUFFERED;
    }

    /**
     * Appends the bytes of one fragment, the {@code length} bytes of {@code buf} at {@code index} (not retained);
     * {@code end} completes the NAL unit.
     */
    protected final DepacketizerOutcome fragmentData(ByteBuf buf, int index, int length, boolean end) {
        if (!inFragment) {
            return fail(DepacketizerOutcome.MALFORMED, "fragment without its start");
        }
        int soFar = accessUnit.writerIndex() - fragmentLengthIndex - 4;
        if ((long) soFar + length > limits.maxNalUnitBytes()) {
            return fail(DepacketizerOutcome.NAL_UNIT_TOO_LARGE, "fragmented NAL unit over "
                    + limits.maxNalUnitBytes() + " bytes");
        }
        DepacketizerOutcome room = reserve(length);
        if (room != DepacketizerOutcome.BUFFERED) {
            return room;
        }
        append(buf, index, length);
        if (end) {
            inFragment = false;
            int nalLength = accessUnit.writerIndex() - fragmentLengthIndex - 4;
            int type = NalUnits.type(codec, accessUnit.getByte(fragmentLengthIndex + 4));
            if (isAccessUnitDelimiter(type) || NalUnits.isParameterSet(codec, type)) {
                if (NalUnits.isParameterSet(codec, type)) {
                    learnParameterSet(ByteBufUtil.getBytes(accessUnit, fragmentLengthIndex + 4, nalLength));
                }
                accessUnit.writerIndex(fragmentLengthIndex);
            } else {
                accessUnit.setInt(fragmentLengthIndex, nalLength);
                keyframe |= NalUnits.isKeyframe(codec, type);
            }
        }
        return DepacketizerOutcome.BUFFERED;
    }

    /**
     * The frame's bytes in a buffer of their own size. A frame lives on in the GOP cache for up to a GOP: in the
     * assembly buffer (64 KiB, more for a large keyframe) a 5 KB P-frame would hold 64 KiB, which multiplied by a GOP
     * of 50 frames and 1,000 cameras is gigabytes. One copy of the (usually small) frame is cheaper than that, and
     * the assembly buffer is used again for the next access unit: one allocation per frame, not two.
     */
    private ByteBuf copyOut(ByteBuf assembled) {
        int readable = assembled.readableBytes();
        ByteBuf exact = alloc.buffer(readable, readable);
        exact.writeBytes(assembled, assembled.readerIndex(), readable);
        return exact;
    }

    private boolean isAccessUnitDelimiter(int type) {
        return type == (codec == Codec.H265 ? NalUnits.H265_AUD : NalUnits.H264_AUD);
    }

    private DepacketizerOutcome reserve(int bytes) {
        if (accessUnit == null) {
            accessUnit = alloc.buffer(Math.min(INITIAL_AU_CAPACITY, limits.maxAccessUnitBytes()),
                    limits.maxAccessUnitBytes());
        }
        if ((long) accessUnit.writerIndex() + bytes > limits.maxAccessUnitBytes()) {
            return fail(DepacketizerOutcome.ACCESS_UNIT_TOO_LARGE, "over " + limits.maxAccessUnitBytes() + " bytes");
        }
        return DepacketizerOutcome.BUFFERED;
    }

    private void learnParameterSet(byte[] nal) {
        int type = NalUnits.type(codec, nal[0]);
        byte[] old;
        if (codec == Codec.H265 && type == NalUnits.H265_VPS) {
            old = vps;
            vps = nal;
        } else if (type == (codec == Codec.H265 ? NalUnits.H265_SPS : NalUnits.H264_SPS)) {
            old = sps;
            sps = nal;
        } else if (type == (codec == Codec.H265 ? NalUnits.H265_PPS : NalUnits.H264_PPS)) {
            old = pps;
            pps = nal;
        } else {
            return;
        }
        parameterSetsChanged |= !Arrays.equals(old, nal);
    }

    private void start(long ticks) {
        inAccessUnit = true;
        accessUnitTicks = ticks;
        broken = false;
        keyframe = false;
        inFragment = false;
    }

    private DepacketizerOutcome finish() {
        inAccessUnit = false;
        if (inFragment && !broken) {
            broken = true;
            fail(DepacketizerOutcome.MALFORMED, "access unit ended inside a fragmented NAL unit");
        }
        if (broken) {
            discardAccessUnit();
            waitingForKeyframe = true;
            if (stats.framesOut() == 0) {
                stats.frameSkipped(); // nothing delivered yet, e.g. joined in the middle of an access unit
                return DepacketizerOutcome.SKIPPED_UNTIL_KEYFRAME;
            }
            stats.frameLost();
            return DepacketizerOutcome.FRAME_DROPPED;
        }
        DepacketizerOutcome parameterSets = updateTrack();
        if (accessUnit == null || !accessUnit.isReadable()) {
            discardAccessUnit();
            return parameterSets; // parameter sets or delimiters only
        }
        if (track == null) {
            discardAccessUnit();
            stats.frameSkipped();
            return parameterSets.worst(fail(DepacketizerOutcome.NO_PARAMETER_SETS, "no SPS/PPS yet"));
        }
        if (waitingForKeyframe && !keyframe) {
            discardAccessUnit();
            stats.frameSkipped();
            return parameterSets.worst(DepacketizerOutcome.SKIPPED_UNTIL_KEYFRAME);
        }
        waitingForKeyframe = false;
        ByteBuf data = copyOut(accessUnit);
        discardAccessUnit();
        long micros = timeline.micros(accessUnitTicks);
        // dts = pts: B-frame reordering is not recoverable from RTP alone; cameras send none in practice.
        Frame frame = Frame.video(track, micros, micros, keyframe, data, System.nanoTime());
        stats.frameOut();
        frames.accept(frame);
        return parameterSets.worst(DepacketizerOutcome.FRAME);
    }

    private DepacketizerOutcome updateTrack() {
        if (!parameterSetsChanged || sps == null || pps == null || (codec == Codec.H265 && vps == null)) {
            return DepacketizerOutcome.BUFFERED;
        }
        parameterSetsChanged = false;
        try {
            VideoTrack next = buildTrack(codec == Codec.H265 ? vps : null, sps, pps);
            if (!next.equals(track)) {
                track = next;
            }
            return DepacketizerOutcome.BUFFERED;
        } catch (BitstreamException e) {
            return fail(DepacketizerOutcome.BAD_PARAMETER_SETS, e.getMessage());
        }
    }

    /**
     * Empties the assembly buffer for the next access unit. One grown past its first size for a large keyframe is
     * given back rather than kept for the small frames that follow.
     */
    private void discardAccessUnit() {
        if (accessUnit != null) {
            if (accessUnit.capacity() > INITIAL_AU_CAPACITY) {
                accessUnit.release();
                accessUnit = null;
            } else {
                accessUnit.clear();
            }
        }
        inFragment = false;
    }
}
