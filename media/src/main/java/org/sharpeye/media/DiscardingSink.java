package org.sharpeye.media;

/**
 * A reader's sink that releases every frame at once: a reader that keeps a stream wanted (an on-demand camera warmed
 * ahead of a tour) and costs nothing but the fan-out.
 */
public final class DiscardingSink implements FrameSink {

    @Override
    public boolean write(Frame frame) {
        frame.release();
        return true;
    }

    @Override
    public void closed(ReaderCloseReason reason) {
    }
}
