package org.sharpeye.media.hls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Frame;
import org.sharpeye.media.VideoTrack;
import org.sharpeye.media.fmp4.Fmp4Muxer;

import java.util.ArrayList;
import java.util.List;

/**
 * fMP4 segments: the frames of a chunk (a segment, or a partial segment) are kept (retained) until it ends, then
 * written as one movie fragment, whose sample durations are then all known. The fragment holds retained
 * duplicates of the frames' data.
 */
final class Fmp4SegmentWriter implements SegmentWriter {

    private final Fmp4Muxer muxer;
    private final List<Frame> frames = new ArrayList<>();
    private long bytes;
    private AudioTrack initAudio;

    Fmp4SegmentWriter(ByteBufAllocator alloc) {
        this.muxer = new Fmp4Muxer(alloc);
    }

    @Override
    public ByteBuf initSection(VideoTrack track, AudioTrack audio) {
        ByteBuf init = muxer.initSegment(track, audio);
        if (init != null) {
            initAudio = Fmp4Muxer.carried(audio);
        }
        return init;
    }

    @Override
    public boolean audioNeedsInit(AudioTrack audio) {
        AudioTrack carried = Fmp4Muxer.carried(audio);
        return carried == null ? initAudio != null : !carried.sameConfiguration(initAudio);
    }

    @Override
    public void add(Frame frame) {
        frames.add(frame.retain());
        bytes += frame.data().readableBytes();
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public ByteBuf cut(long endDtsMicros) {
        try {
            return frames.isEmpty() ? null : muxer.fragment(frames, endDtsMicros);
        } finally {
            discard();
        }
    }

    @Override
    public void discard() {
        frames.forEach(Frame::release);
        frames.clear();
        bytes = 0;
    }

    @Override
    public long skippedFrames() {
        return muxer.skippedFrames();
    }
}
