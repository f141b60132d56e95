package org.sharpeye.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Frame;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * AAC over RTP in the MPEG-4 generic payload format (RFC 3640), modes AAC-hbr and AAC-lbr: an AU-headers-length,
 * one AU header per access unit (AU-size, then AU-Index / AU-Index-delta), then the access units. Several AUs in
 * one packet follow each other by the frame duration; an AU larger than a packet is fragmented over packets with
 * the same timestamp, the last with the marker bit (RFC 3640 3.2.3). Frames are raw AAC access units; the
 * decoder configuration (AudioSpecificConfig, ISO 14496-3 1.6.2.1) is {@link #audioSpecificConfig()}.
 */
public final class AacDepacketizer extends AudioDepacketizer {

    /** 6144 bits per channel (ISO 14496-3 4.5.3.1) for 8 channels. */
    public static final int MAX_AU_BYTES = 6144;
    /** More AU headers in one packet than this is not a camera's stream. */
    public static final int MAX_AUS_PER_PACKET = 64;
    private static final int AAC_FRAME_SAMPLES = 1024;

    private final int sizeLength;
    private final int indexLength;
    private final int indexDeltaLength;
    private final int frameDuration;
    private final byte[] config;
    private final ByteBufAllocator alloc;
    private final int[] sizes = new int[MAX_AUS_PER_PACKET];
    private final int[] indices = new int[MAX_AUS_PER_PACKET];

    private ByteBuf fragment;
    private long fragmentTicks;
    private int fragmentSize;
    /** After a loss, fragments of an AU whose start was lost are skipped until the marker ends that AU. */
    private boolean skippingFragments;
    private long lastTicks = Long.MIN_VALUE;

    /**
     * @param sizeLength bits of AU-size (13 for AAC-hbr, 6 for AAC-lbr)
     * @param indexLength bits of AU-Index (3 / 2)
     * @param indexDeltaLength bits of AU-Index-delta (3 / 2)
     * @param frameDuration RTP ticks per AU (constantDuration; 1024 for AAC-LC when the SDP says nothing)
     * @param config the AudioSpecificConfig from the SDP's {@code config}; when empty, an AAC-LC mono one is
     *     assumed at the clock rate
     * @throws IllegalArgumentException for unusable parameters or a config that cannot be read
     */
    public AacDepacketizer(int clockRate, int sizeLength, int indexLength, int indexDeltaLength, int frameDuration,
                           byte[] config, ByteBufAllocator alloc, Consumer<Frame> frames) {
        super(AudioTrack.aac(config, clockRate, 1), clockRate, frames);
        if (sizeLength < 1 || sizeLength > 16 || indexLength < 0 || indexLength > 8 || indexDeltaLength < 0
                || indexDeltaLength > 8 || frameDuration <= 0) {
            throw new IllegalArgumentException("unusable RFC 3640 parameters: sizeLength " + sizeLength
                    + ", indexLength " + indexLength + ", indexDeltaLength " + indexDeltaLength);
        }
        this.sizeLength = sizeLength;
        this.indexLength = indexLength;
        this.indexDeltaLength = indexDeltaLength;
        this.frameDuration = frameDuration;
        this.config = config.clone();
        this.alloc = alloc;
    }

    /**
     * A depacketizer for an SDP's {@code a=fmtp} parameters (names in any case). Throws IllegalArgumentException
     * for what is not AAC in AAC-hbr/lbr form: a stream type other than audio, CTS/DTS deltas, random access or
     * stream state flags, auxiliary data (none of which cameras send).
     */
    public static AacDepacketizer fromFmtp(Map<String, String> fmtp, int clockRate, Consumer<Frame> frames) {
        Map<String, String> p = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        p.putAll(fmtp);
        String mode = p.getOrDefault("mode", "").toLowerCase(Locale.ROOT);
        if (!mode.equals("aac-hbr") && !mode.equals("aac-lbr")) {
            throw new IllegalArgumentException("MPEG-4 generic mode '" + mode + "' is not AAC-hbr or AAC-lbr");
        }
        for (String absent : new String[] {"ctsdeltalength", "dtsdeltalength", "randomaccessindication",
                "streamstateindication", "auxiliarydatasizelength"}) {
            if (integer(p, absent, 0) != 0) {
                throw new IllegalArgumentException("RFC 3640 " + absent + " is not supported");
            }
        }
        byte[] config;
        try {
            config = HexFormat.of().parseHex(p.getOrDefault("config", "").trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config is not hexadecimal");
        }
        return new AacDepacketizer(clockRate, integer(p, "sizelength", -1), integer(p, "indexlength", 0),
                integer(p, "indexdeltalength", 0), integer(p, "constantduration", AAC_FRAME_SAMPLES), config,
                ByteBufAllocator.DEFAULT, frames);
    }

    private static int integer(Map<String, String> p, String name, int absent) {
        String v = p.get(name);
        if (v == null || v.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number");
        }
    }

    /** The AudioSpecificConfig from the SDP (sample rate, channels); empty when the SDP had none. */
    public byte[] audioSpecificConfig() {
        return config.clone();
    }

    @Override
    protected DepacketizerOutcome depacketize(ByteBuf payload, long ticks, boolean loss, boolean marker) {
        DepacketizerOutcome dropped = null;
        if (fragment != null && (loss || ticks != fragmentTicks)) {
            dropFragment();
            dropped = DepacketizerOutcome.FRAME_DROPPED;
        }
        if (loss && ticks == lastTicks) {
            skippingFragments = true; // the rest of an AU whose earlier part was lost
        }
        lastTicks = ticks;
        DepacketizerOutcome outcome = read(payload, ticks, loss, marker);
        if (marker) {
            skippingFragments = false;
        }
        return dropped == null ? outcome : dropped.worst(outcome);
    }

    private DepacketizerOutcome read(ByteBuf payload, long ticks, boolean loss, boolean marker) {
        int start = payload.readerIndex();
        int total = payload.readableBytes();
        if (total < 2) {
            return error(DepacketizerOutcome.MALFORMED, "AAC payload of " + total + " bytes");
        }
        int headerBits = payload.getUnsignedShort(start);
        int headerBytes = (headerBits + 7) / 8;
        if (headerBits == 0 || 2 + headerBytes > total) {
            return error(DepacketizerOutcome.MALFORMED, "AU-headers-length " + headerBits + " bits in " + total
                    + " bytes");
        }
        int count = readHeaders(payload, start + 2, headerBits);
        if (count < 0) {
            return error(DepacketizerOutcome.MALFORMED, "AU headers do not add up to " + headerBits + " bits");
        }
        int dataStart = start + 2 + headerBytes;
        int dataLength = total - 2 - headerBytes;
        if (fragment != null) {
            return continueFragment(payload, dataStart, dataLength, count, marker);
        }
        if (count == 1 && sizes[0] > dataLength) {
            if (skippingFragments) {
                return DepacketizerOutcome.FRAME_DROPPED;
            }
            if (sizes[0] > MAX_AU_BYTES) {
                return error(DepacketizerOutcome.ACCESS_UNIT_TOO_LARGE, "AU of " + sizes[0] + " bytes");
            }
            if (marker) {
                return error(DepacketizerOutcome.MALFORMED, "AU of " + sizes[0] + " bytes in " + dataLength
                        + " bytes of data");
            }
            fragment = alloc.buffer(sizes[0]);
            fragment.writeBytes(payload, dataStart, dataLength);
            fragmentTicks = ticks;
            fragmentSize = sizes[0];
            return DepacketizerOutcome.BUFFERED;
        }
        if (skippingFragments) {
            return DepacketizerOutcome.FRAME_DROPPED;
        }
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += sizes[i];
        }
        if (sum > dataLength) {
            return error(DepacketizerOutcome.MALFORMED, count + " AUs of " + sum + " bytes in " + dataLength
                    + " bytes of data");
        }
        int offset = dataStart;
        long index = 0;
        for (int i = 0; i < count; i++) {
            index = i == 0 ? indices[0] : index + 1 + indices[i];
            if (sizes[i] > 0) {
                emit(ticks + index * frameDuration, payload.retainedSlice(offset, sizes[i]));
            }
            offset += sizes[i];
        }
        return DepacketizerOutcome.FRAME;
    }

    /** Reads the AU headers into {@link #sizes} and {@link #indices}; the count, or -1 when they do not fit. */
    private int readHeaders(ByteBuf payload, int offset, int headerBits) {
        int bit = 0;
        int count = 0;
        while (bit < headerBits) {
            int indexBits = count == 0 ? indexLength : indexDeltaLength;
            if (count == MAX_AUS_PER_PACKET || bit + sizeLength + indexBits > headerBits) {
                return -1;
            }
            sizes[count] = bits(payload, offset, bit, sizeLength);
            indices[count] = bits(payload, offset, bit + sizeLength, indexBits);
            bit += sizeLength + indexBits;
            count++;
        }
        return count;
    }

    private static int bits(ByteBuf buf, int offset, int bitOffset, int length) {
        int value = 0;
        for (int i = 0; i < length; i++) {
            int b = bitOffset + i;
            value = value << 1 | (buf.getUnsignedByte(offset + (b >>> 3)) >>> (7 - (b & 7)) & 1);
        }
        return value;
    }

    private DepacketizerOutcome continueFragment(ByteBuf payload, int dataStart, int dataLength, int count,
                                                 boolean marker) {
        if (count != 1 || sizes[0] != fragmentSize || fragment.readableBytes() + dataLength > fragmentSize) {
            dropFragment();
            return error(DepacketizerOutcome.MALFORMED, "AU fragment does not continue its AU");
        }
        fragment.writeBytes(payload, dataStart, dataLength);
        if (fragment.readableBytes() == fragmentSize) {
            ByteBuf whole = fragment;
            fragment = null;
            emit(fragmentTicks, whole);
            return DepacketizerOutcome.FRAME;
        }
        if (marker) {
            dropFragment();
            return error(DepacketizerOutcome.MALFORMED, "fragmented AU ended short of its size");
        }
        return DepacketizerOutcome.BUFFERED;
    }

    private void dropFragment() {
        if (fragment != null) {
            fragment.release();
            fragment = null;
        }
    }

    @Override
    public void close() {
        super.close();
        dropFragment();
    }
}
