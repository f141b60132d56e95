package org.sharpeye.gateway.live;

import io.netty.buffer.ByteBuf;
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
    private Reader reader;
    private boolean started;
    private boolean closed;
    private volatile long bytes;

    /**
     * @param onDropped called when the stream drops this viewer (too slow, stream closed), to end the connection
     * @param textOut where the writer's text description goes (a WebSocket's text messages), or null
     */
    Viewer(WriteStream<Buffer> out, ContainerWriter writer, Consumer<ReaderCloseReason> onDropped,
           Consumer<String> textOut) {
        this.out = out;
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
            if (!started) {
                if (!frame.isVideo() || !frame.isKeyframe()) {
                    return true;
                }
                AudioTrack audio = reader.stream().audioTrack();
                String description = textOut == null ? null : writer.describe(frame, audio);
                if (description != null) {
                    textOut.accept(description);
                }
                send(writer.start(frame, audio));
                started = true;
            }
            ByteBuf bytesOut = writer.frame(frame);
            if (bytesOut != null) {
                send(bytesOut);
            }
        } finally {
            frame.release();
        }
        return !out.writeQueueFull();
    }

    private void send(ByteBuf buf) {
        if (buf == null) {
            return;
        }
        bytes += buf.readableBytes();
        out.write(BufferInternal.buffer(buf)).onComplete(ar -> buf.release());
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
