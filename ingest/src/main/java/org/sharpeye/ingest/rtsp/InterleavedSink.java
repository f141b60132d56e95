package org.sharpeye.ingest.rtsp;

import io.netty.buffer.ByteBuf;

/**
 * Where {@link InterleavedFrameDecoder} hands interleaved packets when it is given one: straight from its buffer,
 * with no object per packet (a playing camera sends about 180 packets a second; a node pulls thousands of cameras).
 */
@FunctionalInterface
public interface InterleavedSink {

    /**
     * One interleaved packet.
     *
     * @param channel the interleaved channel, 0..255
     * @param packet the decoder's buffer, its readable bytes narrowed to the packet's; valid during the call only:
     *               read it (the indices may be moved), retain it only for as long as the call lasts, never release
     *               it more than retained
     */
    void packet(int channel, ByteBuf packet);
}
