package org.sharpeye.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;
import org.sharpeye.media.VideoTrack;
import org.sharpeye.media.codec.BitstreamException;
import org.sharpeye.media.codec.H265Sps;

import java.util.List;
import java.util.function.Consumer;

/**
 * RTP payload format for H.265, RFC 7798, without decoding order numbers (sprop-max-don-diff = 0): single NAL
 * unit packets (4.4.1), aggregation packets (4.4.2) and fragmentation units (4.4.3). PACI packets are reported
 * as unsupported.
 */
public final class H265Depacketizer extends VideoDepacketizer {

    private static final int AP = 48;
    private static final int FU = 49;
    private static final int PACI = 50;

    /**
     * @param parameterSets the VPS, SPS and PPS of sprop-vps / sprop-sps / sprop-pps (RFC 7798 7.1), possibly empty
     * @param frames receives each frame with one reference it must release
     */
    public H265Depacketizer(List<byte[]> parameterSets, DepacketizerLimits limits, ByteBufAllocator alloc,
                            Consumer<Frame> frames) {
        super(Codec.H265, parameterSets, limits, alloc, frames);
    }

    public H265Depacketizer(List<byte[]> parameterSets, Consumer<Frame> frames) {
        this(parameterSets, DepacketizerLimits.DEFAULT, ByteBufAllocator.DEFAULT, frames);
    }

    @Override
    protected DepacketizerOutcome depacketize(ByteBuf payload) {
        int at = payload.readerIndex();
        int length = payload.readableBytes();
        if (length < 2) {
            return fail(DepacketizerOutcome.MALFORMED, "payload of " + length + " bytes");
        }
        int header0 = payload.getUnsignedByte(at);
        if ((header0 & 0x80) != 0) {
            return fail(DepacketizerOutcome.MALFORMED, "forbidden_zero_bit set");
        }
        int type = (header0 >> 1) & 0x3f;
        if (type < AP) {
            return nalUnit(payload, at, length);
        }
        return switch (type) {
            case AP -> aggregate(payload, at + 2, at + length);
            case FU -> fragment(payload, header0, at, length);
            case PACI -> fail(DepacketizerOutcome.UNSUPPORTED, "PACI packet");
            default -> DepacketizerOutcome.BUFFERED; // 51..63 unspecified: receivers ignore them (4.4)
        };
    }

    // 4.4.2: payload header, then (16-bit size, NAL unit) repeated; no DONL/DOND without sprop-max-don-diff.
    private DepacketizerOutcome aggregate(ByteBuf payload, int at, int end) {
        if (at >= end) {
            return fail(DepacketizerOutcome.MALFORMED, "empty aggregation packet");
        }
        while (at < end) {
            if (at + 2 > end) {
                return fail(DepacketizerOutcome.MALFORMED, "truncated aggregation unit size");
            }
            int size = payload.getUnsignedShort(at);
            at += 2;
            if (size < 2 || at + size > end) {
                return fail(DepacketizerOutcome.MALFORMED, "aggregation unit of " + size + " bytes overruns the packet");
            }
            DepacketizerOutcome outcome = nalUnit(payload, at, size);
            if (outcome.isError()) {
                return outcome;
            }
            at += size;
        }
        return DepacketizerOutcome.BUFFERED;
    }

    // 4.4.3: payload header (type 49), FU header (S, E, FuType); the NAL header takes F, LayerId, TID from the
    // payload header and FuType as its type.
    private DepacketizerOutcome fragment(ByteBuf payload, int header0, int at, int length) {
        if (length < 4) {
            return fail(DepacketizerOutcome.MALFORMED, "FU of " + length + " bytes");
        }
        int fuHeader = payload.getUnsignedByte(at + 2);
        boolean start = (fuHeader & 0x80) != 0;
        boolean end = (fuHeader & 0x40) != 0;
        if (start && end) {
            return fail(DepacketizerOutcome.MALFORMED, "FU with both start and end bits");
        }
        if (start) {
            byte[] nalHeader = {(byte) ((header0 & 0x81) | ((fuHeader & 0x3f) << 1)), payload.getByte(at + 1)};
            DepacketizerOutcome outcome = fragmentStart(nalHeader);
            if (outcome.isError()) {
                return outcome;
            }
        }
        return fragmentData(payload, at + 3, length - 3, end);
    }

    @Override
    protected VideoTrack buildTrack(byte[] vps, byte[] sps, byte[] pps) throws BitstreamException {
        H265Sps parsed = H265Sps.parse(sps);
        return new VideoTrack(Codec.H265, vps, sps, pps, parsed.width(), parsed.height());
    }
}
