package org.sharpeye.ingest;

import org.sharpeye.media.Frame;
import org.sharpeye.media.Stream;

import java.util.concurrent.TimeUnit;

/**
 * Publishes a source's frames so that the stream's timestamps keep increasing across sessions. Each session's
 * clock starts anywhere (an RTP timeline at a random point, RFC 3550 5.1; a file or playlist at zero), so a new
 * session's first frame is placed after the last published one by the wall time that passed; muxers downstream
 * never see time run backwards. Thread-safe: a worker-thread session may publish while the next one starts.
 */
final class StreamTimeline {

    private final Stream stream;
    /** The last published pts and when it was published, so the next session's timeline continues from it. */
    private long lastPtsMicros = Long.MIN_VALUE;
    private long lastPublishNanos;

    StreamTimeline(Stream stream) {
        this.stream = stream;
    }

    /** The publisher of a new session: its first frame fixes the shift of all its frames. */
    Session newSession() {
        return new Session();
    }

    /** The pts of this instant on the stream's timeline, or Long.MIN_VALUE before any frame was published. */
    synchronized long now() {
        if (lastPtsMicros == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        return lastPtsMicros + TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - lastPublishNanos);
    }

    /** One session's shift onto the stream's timeline. */
    final class Session {
        private boolean offsetKnown;
        private long offsetMicros;

        /** Shifts and publishes a frame (video, or audio on the same clock); takes the frame's reference. */
        void publish(Frame frame) {
            synchronized (StreamTimeline.this) {
                Frame out = shift(frame);
                try {
                    stream.publish(out);
                    lastPtsMicros = out.ptsMicros();
                    lastPublishNanos = out.receivedNanos();
                } finally {
                    out.release();
                }
            }
        }

        private Frame shift(Frame frame) {
            if (!offsetKnown) {
                offsetKnown = true;
                offsetMicros = lastPtsMicros == Long.MIN_VALUE ? 0 : lastPtsMicros - frame.ptsMicros()
                        + Math.max(1, TimeUnit.NANOSECONDS.toMicros(frame.receivedNanos() - lastPublishNanos));
            }
            if (offsetMicros == 0) {
                return frame;
            }
            Frame shifted = frame.isVideo() ? Frame.video(frame.track(), frame.ptsMicros() + offsetMicros,
                    frame.dtsMicros() + offsetMicros, frame.isKeyframe(), frame.data().retain(), frame.receivedNanos())
                    : frame.audioAt(frame.ptsMicros() + offsetMicros);
            frame.release();
            return shifted;
        }
    }
}
