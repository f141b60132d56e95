package org.sharpeye.gateway.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Frame;
import org.sharpeye.media.FrameSink;
import org.sharpeye.media.Reader;
import org.sharpeye.media.ReaderCloseReason;

import java.util.function.Consumer;

/**
 * One live viewer: a stream's frames, through a {@link ContainerWriter}, to a Vert.x {@link WriteStream} (a chunked
 * HTTP response or a WebSocket). Frame bytes are not copied: a write holds a retained duplicate, released when
 * Vert.x has written it. Backpressure: when the connection's write queue is full the reader pauses, and the
 * connection's drain handler resumes it.
 */
final class Viewer implements FrameSink {

    private final WriteStream<Buffer> out;
    private final ContainerWriter writer;
    private final Consumer<ReaderCloseReason> onDropped;
    private final Consumer<String> textOut;
    private final LiveTimings timings;
    private final long requestNanos;
    private final long startNanos = System.nanoTime();
    private Reader reader;
    private boolean started;
    private boolean closed;
    private volatile long bytes;

    /**
     * @param onDropped called when the stream drops this viewer (too slow, stream closed), to end the connection
     * @param textOut where the writer's text description goes (a WebSocket's text messages), or null
     * @param timings where the switch time and each live frame's time inside SharpEye are recorded
     * @param requestNanos when the viewer's request reached the live handler
     */
    Viewer(WriteStream<Buffer> out, ContainerWriter writer, Consumer<ReaderCloseReason> onDropped,
           Consumer<String> textOut, LiveTimings timings, long requestNanos) {
        this.out = out;
        this.timings = timings;
        this.requestNanos = requestNanos;
        this.writer = writer;
        this.onDropped = onDropped;
        this.textOut = textOut;
    }

    /** Binds the reader this sink serves; called once, right after it joined the stream. */
    void attach(Reader reader) {
        this.reader = reader;
        out.drainHandler(v -> reader.resume());
    }

    @Override
    public boolean write(Frame frame) {
        try {
            if (closed) {
                return false;
            }
            ByteBuf bytesOut;
            if (!started) {
                if (!frame.isVideo() || !frame.isKeyframe()) {
                    return true;
                }
                AudioTrack audio = reader.stream().audioTrack();
                String description = textOut == null ? null : writer.describe(frame, audio);
                if (description != null) {
                    textOut.accept(description);
                }
                started = true;
                // the stream header and the first keyframe leave in one write: one flush, one system call
                bytesOut = join(writer.start(frame, audio), writer.frame(frame));
                if (bytesOut != null) {
                    ByteBuf first = bytesOut;
                    bytes += first.readableBytes();
                    out.write(BufferInternal.buffer(first)).onComplete(ar -> {
                        if (ar.succeeded()) {
                            timings.switches().record(System.nanoTime() - requestNanos);
                        }
                        first.release();
                    });
                }
                return !out.writeQueueFull();
            }
            if (frame.receivedNanos() - startNanos >= 0) { // a live frame, not one of the GOP this viewer began with
                timings.frameHandover().record(System.nanoTime() - frame.receivedNanos());
            }
            bytesOut = writer.frame(frame);
            if (bytesOut != null) {
                send(bytesOut, frame.receivedNanos(), reader.onSourceThread());
            }
        } finally {
            frame.release();
        }
        return !out.writeQueueFull();
    }

    private static ByteBuf join(ByteBuf head, ByteBuf first) {
        if (head == null || first == null) {
            return head == null ? first : head;
        }
        return PooledByteBufAllocator.DEFAULT.compositeBuffer(2).addComponents(true, head, first);
    }

    private void send(ByteBuf buf, long receivedNanos, boolean onSourceLoop) {
        bytes += buf.readableBytes();
        boolean live = receivedNanos - startNanos >= 0; // not a frame of the GOP cache this viewer started with
        long writeNanos = System.nanoTime();
        out.write(BufferInternal.buffer(buf)).onComplete(ar -> {
            if (live && ar.succeeded()) {
                long now = System.nanoTime();
                timings.transit(now - receivedNanos, onSourceLoop, now - writeNanos);
            }
            buf.release();
        });
    }

    @Override
    public void closed(ReaderCloseReason reason) {
        closed = true;
        if (reason != ReaderCloseReason.CLOSED_BY_OWNER) {
            onDropped.accept(reason);
        }
    }

    /** Container bytes written to the viewer so far. */
    long bytes() {
        return bytes;
    }

    Reader reader() {
        return reader;
    }
}
