package org.sharpeye.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;
import org.sharpeye.media.VideoTrack;
import org.sharpeye.media.codec.BitstreamException;
import org.sharpeye.media.codec.H264Sps;

import java.util.List;
import java.util.function.Consumer;

/**
 * RTP payload format for H.264, RFC 6184, packetization-mode 0 and 1: single NAL unit packets (5.6), STAP-A
 * (5.7.1) and FU-A (5.8). The interleaved mode's STAP-B, MTAP and FU-B are reported as unsupported.
 */
public final class H264Depacketizer extends VideoDepacketizer {

    private static final int STAP_A = 24;
    private static final int STAP_B = 25;
    private static final int MTAP16 = 26;
    private static final int MTAP24 = 27;
    private static final int FU_A = 28;
    private static final int FU_B = 29;

    /**
     * @param parameterSets the SPS and PPS of sprop-parameter-sets (RFC 6184 8.1), possibly empty
     * @param frames receives each frame with one reference it must release
     */
    public H264Depacketizer(List<byte[]> parameterSets, DepacketizerLimits limits, ByteBufAllocator alloc,
                            Consumer<Frame> frames) {
        super(Codec.H264, parameterSets, limits, alloc, frames);
    }

    public H264Depacketizer(List<byte[]> parameterSets, Consumer<Frame> frames) {
        this(parameterSets, DepacketizerLimits.DEFAULT, ByteBufAllocator.DEFAULT, frames);
    }

    @Override
    protected DepacketizerOutcome depacketize(ByteBuf payload) {
        int at = payload.readerIndex();
        int length = payload.readableBytes();
        if (length < 1) {
            return fail(DepacketizerOutcome.MALFORMED, "empty payload");
        }
        int indicator = payload.getUnsignedByte(at);
        if ((indicator & 0x80) != 0) {
            return fail(DepacketizerOutcome.MALFORMED, "forbidden_zero_bit set");
        }
        int type = indicator & 0x1f;
        if (type >= 1 && type <= 23) {
            return nalUnit(payload, at, length);
        }
        return switch (type) {
            case STAP_A -> aggregate(payload, at + 1, at + length);
            case FU_A -> fragment(payload, indicator, at, length);
            case STAP_B, MTAP16, MTAP24, FU_B -> fail(DepacketizerOutcome.UNSUPPORTED,
                    "packet type " + type + " (interleaved mode)");
            default -> DepacketizerOutcome.BUFFERED; // 0, 30, 31: reserved; RFC 6184 5.4 says ignore
        };
    }

    // 5.7.1: STAP-A NAL header, then (16-bit size, NAL unit) repeated to the end of the payload.
    private DepacketizerOutcome aggregate(ByteBuf payload, int at, int end) {
        if (at >= end) {
            return fail(DepacketizerOutcome.MALFORMED, "empty STAP-A");
        }
        while (at < end) {
            if (at + 2 > end) {
                return fail(DepacketizerOutcome.MALFORMED, "truncated STAP-A size");
            }
            int size = payload.getUnsignedShort(at);
            at += 2;
            if (size == 0 || at + size > end) {
                return fail(DepacketizerOutcome.MALFORMED, "STAP-A unit of " + size + " bytes overruns the packet");
            }
            DepacketizerOutcome outcome = nalUnit(payload, at, size);
            if (outcome.isError()) {
                return outcome;
            }
            at += size;
        }
        return DepacketizerOutcome.BUFFERED;
    }

    // 5.8: FU indicator (F, NRI, type 28), FU header (S, E, R, type); the NAL header is F|NRI|type.
    private DepacketizerOutcome fragment(ByteBuf payload, int indicator, int at, int length) {
        if (length < 3) {
            return fail(DepacketizerOutcome.MALFORMED, "FU-A of " + length + " bytes");
        }
        int header = payload.getUnsignedByte(at + 1);
        boolean start = (header & 0x80) != 0;
        boolean end = (header & 0x40) != 0;
        if (start && end) {
            return fail(DepacketizerOutcome.MALFORMED, "FU-A with both start and end bits");
        }
        if (start) {
            DepacketizerOutcome outcome = fragmentStart(new byte[] {(byte) ((indicator & 0xe0) | (header & 0x1f))});
            if (outcome.isError()) {
                return outcome;
            }
        }
        return fragmentData(payload, at + 2, length - 2, end);
    }

    @Override
    protected VideoTrack buildTrack(byte[] vps, byte[] sps, byte[] pps) throws BitstreamException {
        H264Sps parsed = H264Sps.parse(sps);
        return new VideoTrack(Codec.H264, null, sps, pps, parsed.width(), parsed.height());
    }
}
