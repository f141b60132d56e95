package org.sharpeye.ingest.ffmpeg;

import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Frame;

/** What an {@link FfmpegClient} reports, on its worker thread. After {@link #failed} or a stop nothing more comes. */
public interface FfmpegListener {

    /** The input is open: frames of {@code description} (codec and container) follow. */
    void playing(String description);

    /**
     * The input's audio track, or null when it has none SharpEye carries; called once, before {@link #playing} and
     * any frame.
     */
    default void playingAudio(AudioTrack audio) {
    }

    /** One video or audio frame, on the input's own clock; the listener owns it (and releases it). */
    void frame(Frame frame);

    /** A packet that could not become a frame (malformed, over a limit); the input goes on. */
    void badPacket(String detail);

    /** The input ended for {@code failure}; not called after {@link FfmpegClient#stop()}. */
    void failed(FfmpegFailure failure);
}
