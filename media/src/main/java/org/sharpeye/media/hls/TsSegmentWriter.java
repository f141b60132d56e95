package org.sharpeye.media.hls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Frame;
import org.sharpeye.media.VideoTrack;
import org.sharpeye.media.ts.TsMuxer;

/**
 * MPEG-TS segments: each frame is packetized as it arrives and its packets appended to the chunk. One muxer
 * serves every segment so continuity counters run on; each segment starts at a keyframe, hence with PAT and PMT.
 */
final class TsSegmentWriter implements SegmentWriter {

    private static final int MAX_COMPONENTS = 1024;

    private final ByteBufAllocator alloc;
    private final TsMuxer muxer;
    private CompositeByteBuf chunk;

    TsSegmentWriter(ByteBufAllocator alloc) {
        this.alloc = alloc;
        this.muxer = new TsMuxer(alloc);
    }

    @Override
    public ByteBuf initSection(VideoTrack track, AudioTrack audio) {
        muxer.audio(audio);
        return null;
    }

    @Override
    public boolean audioNeedsInit(AudioTrack audio) {
        muxer.audio(audio); // the muxer announces a new audio stream in its next program map by itself
        return false;
    }

    @Override
    public void add(Frame frame) {
        ByteBuf packets = muxer.frame(frame);
        if (packets == null) {
            return;
        }
        if (chunk == null) {
            chunk = alloc.compositeBuffer(MAX_COMPONENTS);
        }
        chunk.addComponent(true, packets);
    }

    @Override
    public long bytes() {
        return chunk == null ? 0 : chunk.readableBytes();
    }

    @Override
    public ByteBuf cut(long endDtsMicros) {
        ByteBuf out = chunk;
        chunk = null;
        return out;
    }

    @Override
    public void discard() {
        if (chunk != null) {
            chunk.release();
            chunk = null;
        }
    }

    @Override
    public long skippedFrames() {
        return muxer.skippedFrames();
    }
}
