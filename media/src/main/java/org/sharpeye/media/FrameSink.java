package org.sharpeye.media;

/**
 * Where a {@link Reader} delivers frames: a protocol adapter (HTTP-FLV, fMP4, HLS...) writing to one viewer.
 * Both methods are called on the reader's executor, never concurrently.
 */
public interface FrameSink {

    /**
     * Writes one frame. The sink takes ownership of one reference and must release it (after the bytes are
     * written or when it drops the frame).
     *
     * @return false when the viewer's connection cannot take more now; the reader then stops draining until
     *     the sink calls {@link Reader#resume()}
     */
    boolean write(Frame frame);

    /** The reader has been closed, by the stream (the viewer is too slow, the stream ended) or by its owner. */
    void closed(ReaderCloseReason reason);
}
