package org.sharpeye.media.rtp;

import io.netty.buffer.ByteBuf;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;

import java.util.function.Consumer;

/**
 * G.711 A-law (PCMA, static payload type 8) and u-law (PCMU, payload type 0) over RTP (RFC 3551 4.5.14): one
 * octet per sample at 8 kHz, so each packet's payload is a frame as it stands. Mono: RFC 3551 4.1 makes one
 * channel the default, and cameras send one.
 */
public final class G711Depacketizer extends AudioDepacketizer {

    /** RFC 3551 table 4. */
    public static final int PAYLOAD_TYPE_PCMU = 0;
    public static final int PAYLOAD_TYPE_PCMA = 8;
    /** 8 kHz, one octet per sample: half a second, far beyond the 20-40 ms packets cameras send. */
    public static final int MAX_PAYLOAD_BYTES = 4000;

    /**
     * @param codec PCMA or PCMU
     * @param clockRate 8000 for the static payload types; a dynamic one may say otherwise in its rtpmap
     */
    public G711Depacketizer(Codec codec, int clockRate, Consumer<Frame> frames) {
        super(AudioTrack.g711(codec, clockRate, 1), clockRate, frames);
    }

    /** The codec of a static payload type, or null when it is not G.711. */
    public static Codec codecOf(int payloadType) {
        return payloadType == PAYLOAD_TYPE_PCMA ? Codec.PCMA : payloadType == PAYLOAD_TYPE_PCMU ? Codec.PCMU : null;
    }

    @Override
    protected DepacketizerOutcome depacketize(ByteBuf payload, long ticks, boolean loss, boolean marker) {
        int length = payload.readableBytes();
        if (length == 0) {
            return error(DepacketizerOutcome.MALFORMED, "empty G.711 payload");
        }
        if (length > MAX_PAYLOAD_BYTES) {
            return error(DepacketizerOutcome.ACCESS_UNIT_TOO_LARGE, length + " bytes of G.711 in one packet");
        }
        emit(ticks, payload.retainedSlice());
        return DepacketizerOutcome.FRAME;
    }
}
