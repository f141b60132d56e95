package org.sharpeye.gateway.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import org.sharpeye.media.Frame;
import org.sharpeye.media.FrameSink;
import org.sharpeye.media.Reader;
import org.sharpeye.media.ReaderCloseReason;
import org.sharpeye.media.flv.FlvMuxer;

/**
 * One HTTP-FLV viewer: writes a stream's frames as FLV to a chunked HTTP response, without copying the frame
 * data (each write holds a retained duplicate, released when Vert.x has written it). Backpressure: when the
 * response's write queue is full the reader pauses, and the response's drain handler resumes it.
 */
final class FlvViewer implements FrameSink {

    private final HttpServerResponse response;
    private final FlvMuxer muxer = new FlvMuxer(PooledByteBufAllocator.DEFAULT);
    private Reader reader;
    private boolean headerSent;
    private long bytes;

    FlvViewer(HttpServerResponse response) {
        this.response = response;
    }

    /** Binds the reader this sink serves; called once, right after it joined the stream. */
    void attach(Reader reader) {
        this.reader = reader;
        response.drainHandler(v -> reader.resume());
    }

    @Override
    public boolean write(Frame frame) {
        try {
            if (!headerSent) {
                if (!frame.isVideo() || !frame.isKeyframe()) {
                    return true;
                }
                send(muxer.header(frame.track()));
                headerSent = true;
            }
            ByteBuf tags = muxer.frame(frame);
            if (tags != null) {
                send(tags);
            }
        } finally {
            frame.release();
        }
        return !response.writeQueueFull();
    }

    private void send(ByteBuf buf) {
        if (response.closed() || response.ended()) {
            buf.release();
            return;
        }
        bytes += buf.readableBytes();
        response.write(BufferInternal.buffer(buf)).onComplete(ar -> buf.release());
    }

    @Override
    public void closed(ReaderCloseReason reason) {
        if (reason != ReaderCloseReason.CLOSED_BY_OWNER && !response.closed()) {
            // The stream dropped this viewer (too slow, or the camera was removed): end the connection so the
            // player notices and can reconnect.
            response.reset();
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
