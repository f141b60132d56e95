package org.sharpeye.ingest.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One packet of the TCP interleaved transport (RFC 2326 section 10.12): {@code $}, a channel byte, a 16-bit length
 * and that many bytes of RTP or RTCP. Ownership: the packet holds a retained slice of the decoder's cumulation;
 * whoever receives it releases it.
 */
public final class InterleavedPacket extends DefaultByteBufHolder {

    private final int channel;

    public InterleavedPacket(int channel, ByteBuf data) {
        super(data);
        this.channel = channel;
    }

    /** The interleaved channel, 0..255: by our SETUP, even for RTP and odd for RTCP. */
    public int channel() {
        return channel;
    }

    @Override
    public InterleavedPacket replace(ByteBuf content) {
        return new InterleavedPacket(channel, content);
    }

    @Override
    public String toString() {
        return "InterleavedPacket[channel=" + channel + " " + content().readableBytes() + "B]";
    }
}
