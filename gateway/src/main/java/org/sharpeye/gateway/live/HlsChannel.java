package org.sharpeye.gateway.live;

import io.netty.buffer.PooledByteBufAllocator;
import org.sharpeye.media.Frame;
import org.sharpeye.media.FrameSink;
import org.sharpeye.media.Reader;
import org.sharpeye.media.ReaderCloseReason;
import org.sharpeye.media.Stream;
import org.sharpeye.media.hls.HlsOptions;
import org.sharpeye.media.hls.HlsSegmenter;

import java.util.concurrent.Executor;

/**
 * One camera profile's HLS output: a reader on its stream feeding one {@link HlsSegmenter}, shared by every HLS
 * client of that profile and format. Lives while clients keep asking; {@link HlsChannels} closes it when idle.
 */
final class HlsChannel implements FrameSink {

    private final Stream stream;
    private final HlsSegmenter segmenter;
    private final Reader reader;
    private boolean started;
    private volatile long lastAccessNanos = System.nanoTime();
    private volatile boolean closed;

    HlsChannel(Stream stream, HlsOptions options, Executor executor) {
        this.stream = stream;
        this.segmenter = new HlsSegmenter(PooledByteBufAllocator.DEFAULT, options);
        segmenter.audio(stream.audioTrack());
        this.reader = stream.addReader("hls " + options.format(), executor, this);
    }

    HlsSegmenter segmenter() {
        lastAccessNanos = System.nanoTime();
        return segmenter;
    }

    long idleNanos() {
        return System.nanoTime() - lastAccessNanos;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public boolean write(Frame frame) {
        try {
            if (!started && frame.isVideo() && frame.isKeyframe()) {
                // A channel opened on a cold camera was made before its source announced the audio (at SETUP,
                // before this first keyframe): the first init section and program map must list it.
                started = true;
                segmenter.audio(stream.audioTrack());
            }
            segmenter.accept(frame);
        } finally {
            frame.release();
        }
        return true;
    }

    @Override
    public void closed(ReaderCloseReason reason) {
        if (reason != ReaderCloseReason.CLOSED_BY_OWNER) {
            // The segmenter fell behind or the stream closed: end this channel; the next request opens a new one.
            close();
        }
    }

    void close() {
        closed = true;
        reader.close();
        segmenter.close();
    }
}
