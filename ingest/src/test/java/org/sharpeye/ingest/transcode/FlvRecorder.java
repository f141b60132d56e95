package org.sharpeye.ingest.transcode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.sharpeye.ingest.MonitorWait;
import org.sharpeye.media.Frame;
import org.sharpeye.media.FrameSink;
import org.sharpeye.media.ReaderCloseReason;
import org.sharpeye.media.VideoTrack;
import org.sharpeye.media.flv.FlvMuxer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A reader's sink that muxes what it receives to FLV in memory and keeps what tests check of each frame. */
final class FlvRecorder implements FrameSink {

    /** What a frame was; {@code arrivedNanos} is when this sink got it, for latency since {@code receivedNanos}. */
    record Seen(long ptsMicros, long dtsMicros, boolean keyframe, VideoTrack track, long receivedNanos,
                long arrivedNanos) {

        long latencyNanos() {
            return arrivedNanos - receivedNanos;
        }
    }

    private final FlvMuxer muxer = new FlvMuxer(PooledByteBufAllocator.DEFAULT);
    private final ByteArrayOutputStream flv = new ByteArrayOutputStream();
    private final List<Seen> frames = new ArrayList<>();
    private ReaderCloseReason closedBy;

    @Override
    public boolean write(Frame frame) {
        try {
            synchronized (this) {
                if (frames.isEmpty()) {
                    append(muxer.header(frame.track()));
                }
                frames.add(new Seen(frame.ptsMicros(), frame.dtsMicros(), frame.isKeyframe(), frame.track(),
                        frame.receivedNanos(), System.nanoTime()));
                ByteBuf tags = muxer.frame(frame);
                if (tags != null) {
                    append(tags);
                }
                notifyAll();
            }
        } finally {
            frame.release();
        }
        return true;
    }

    private void append(ByteBuf bytes) {
        try {
            bytes.readBytes(flv, bytes.readableBytes());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            bytes.release();
        }
    }

    @Override
    public synchronized void closed(ReaderCloseReason reason) {
        closedBy = reason;
        notifyAll();
    }

    /** The median latency from arrival at SharpEye to this sink over the frames from {@code from}, in ms. */
    synchronized double medianLatencyMillis(int from) {
        long[] latencies = frames.subList(from, frames.size()).stream().mapToLong(Seen::latencyNanos).sorted()
                .toArray();
        return latencies.length == 0 ? Double.NaN : latencies[latencies.length / 2] / 1e6;
    }

    synchronized List<Seen> frames() {
        return List.copyOf(frames);
    }

    synchronized ReaderCloseReason closedBy() {
        return closedBy;
    }

    /** Writes the FLV received so far to {@code file}. */
    synchronized Path save(Path file) throws IOException {
        Files.write(file, flv.toByteArray());
        return file;
    }

    /** Waits until a frame with this pts arrived; returns every frame so far, or fails. */
    synchronized List<Seen> awaitPts(long ptsMicros, long timeoutMillis) throws InterruptedException {
        MonitorWait.until(this, () -> frames.stream().anyMatch(f -> f.ptsMicros() == ptsMicros), timeoutMillis,
                () -> "no frame with pts " + ptsMicros + " in " + timeoutMillis + " ms");
        return List.copyOf(frames);
    }

    /** Waits until {@code count} frames arrived; returns them, or fails with what came. */
    synchronized List<Seen> await(int count, long timeoutMillis) throws InterruptedException {
        MonitorWait.until(this, () -> frames.size() >= count, timeoutMillis,
                () -> "only " + frames.size() + " of " + count + " frames in " + timeoutMillis + " ms");
        return List.copyOf(frames);
    }
}
