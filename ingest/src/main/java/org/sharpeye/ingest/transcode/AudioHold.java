package org.sharpeye.ingest.transcode;

import org.sharpeye.media.Frame;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * The audio of a transcoded stream, held back until the video of the same time has come out of the transcoder.
 * Audio passes through untouched (same bytes, same pts) while each picture spends the decoder's and encoder's delay
 * on the worker; published as it came, audio would run that far ahead of the video in the output. Held here, the
 * output interleaves both in time order as the camera did: a video frame goes out after the audio up to its pts,
 * and a viewer starting at an output keyframe gets the audio from that keyframe on (the GOP cache starts there).
 *
 * <p>Audio is never held more than {@link #MAX_HOLD_MICROS} (by its own clock) behind the newest audio, so a
 * transcoder that stops producing video (decode errors, waiting for a keyframe) delays the sound, never stops it.
 * Not thread-safe: the transcoder's worker thread.
 */
final class AudioHold implements AutoCloseable {

    static final long MAX_HOLD_MICROS = 1_000_000;

    private final Deque<Frame> held = new ArrayDeque<>();
    private final Consumer<Frame> publish;
    private long videoPts = Long.MIN_VALUE;

    /** @param publish takes each frame when its time comes; it does not take the reference */
    AudioHold(Consumer<Frame> publish) {
        this.publish = publish;
    }

    /** Takes one audio frame without taking the caller's reference: published now if its video is out, else held. */
    void audio(Frame frame) {
        if (held.isEmpty() && frame.ptsMicros() <= videoPts) {
            publish.accept(frame);
            return;
        }
        held.addLast(frame.retain());
        while (frame.ptsMicros() - held.peekFirst().ptsMicros() > MAX_HOLD_MICROS) {
            publishFirst();
        }
    }

    /** A video frame with {@code ptsMicros} is about to be published: the audio up to that time goes first. */
    void video(long ptsMicros) {
        boolean restarted = ptsMicros < videoPts; // the video's timeline went back: order by time is lost anyway
        videoPts = ptsMicros;
        while (!held.isEmpty() && (restarted || held.peekFirst().ptsMicros() <= ptsMicros)) {
            publishFirst();
        }
    }

    /** Audio frames held now. */
    int held() {
        return held.size();
    }

    private void publishFirst() {
        Frame first = held.removeFirst();
        try {
            publish.accept(first);
        } finally {
            first.release();
        }
    }

    /** Releases the held audio unpublished (the transcoder stops). */
    @Override
    public void close() {
        held.forEach(Frame::release);
        held.clear();
    }
}
