package org.sharpeye.media.hls;

import io.netty.buffer.ByteBuf;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Frame;
import org.sharpeye.media.VideoTrack;

/** Fills one segment at a time in one container; the chunk in progress is owned by the writer. Not thread-safe. */
interface SegmentWriter {

    /**
     * The init section for a new video track and the stream's audio track (null: none), or null when the
     * container needs none (the caller owns it).
     */
    ByteBuf initSection(VideoTrack track, AudioTrack audio);

    /** True when a change of the stream's audio track to {@code audio} needs a new init section. */
    boolean audioNeedsInit(AudioTrack audio);

    /** Adds a frame to the chunk in progress; does not take the frame's reference. */
    void add(Frame frame);

    /** Bytes held by the chunk in progress. */
    long bytes();

    /**
     * Ends the chunk in progress (a partial segment, or a whole segment without parts), whose last frame lasts
     * until {@code endDtsMicros}, and starts an empty one; a segment is the concatenation of its chunks.
     *
     * @return its bytes (the caller owns them), or null when it held no usable frame
     */
    ByteBuf cut(long endDtsMicros);

    /** Drops the chunk in progress, releasing what it holds. */
    void discard();

    /** Frames the container's muxer refused (malformed NAL unit lengths). */
    long skippedFrames();
}
