package org.sharpeye.ingest;

import java.util.concurrent.CompletableFuture;

/**
 * One upstream session of a {@link SupervisedSource}: started by it, ended by it ({@link #close()}) or by a
 * failure the session reports to it. The supervisor's watchdogs read {@link #isPlaying()} and
 * {@link #lastFrameNanos()}, so a protocol whose callbacks got lost still ends visibly.
 */
abstract class SourceSession {

    private final long startedNanos = System.nanoTime();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile boolean playing;
    private volatile long lastFrameNanos;

    /** Connects and starts pulling; failures come back through the supervisor, never as exceptions later. */
    abstract void start();

    /** Ends the session from our side and frees what it holds; no callback follows. Idempotent. */
    abstract void close();

    /** Completes once the session is over upstream too: its connection closed, its reading thread returned. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    /** The session's connection or thread is gone. */
    void markEnded() {
        ended.complete(null);
    }

    long startedNanos() {
        return startedNanos;
    }

    /** True once the media flows (PLAY answered, input opened). */
    boolean isPlaying() {
        return playing;
    }

    /** {@link System#nanoTime()} of the last frame assembled, or of the start of playing before the first one. */
    long lastFrameNanos() {
        return lastFrameNanos;
    }

    /** The media flows from now on; the frame watchdog measures from here. */
    void markPlaying() {
        lastFrameNanos = System.nanoTime();
        playing = true;
    }

    /** A frame was assembled now. */
    void markFrame() {
        lastFrameNanos = System.nanoTime();
    }
}
