package org.sharpeye.gateway.live;

import io.netty.buffer.ByteBuf;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Frame;

/**
 * Turns one viewer's frames into container bytes (FLV, fMP4...). One per viewer, called on the viewer's
 * executor. Returned buffers belong to the caller; the frame's reference stays with the caller.
 */
interface ContainerWriter {

    /**
     * A text message describing the stream to send before anything else (WebSocket only), or null for none.
     *
     * @param audio the stream's audio track when the viewer starts, or null
     */
    default String describe(Frame keyframe, AudioTrack audio) {
        return null;
    }

    /**
     * The bytes that start the stream for a viewer whose first frame is {@code keyframe} (a file header), or null.
     *
     * @param audio the stream's audio track when the viewer starts, or null: a container that lists its tracks up
     *     front carries this audio for the whole view
     */
    ByteBuf start(Frame keyframe, AudioTrack audio);

    /** The bytes of one frame, or null when the frame is skipped. */
    ByteBuf frame(Frame frame);
}
