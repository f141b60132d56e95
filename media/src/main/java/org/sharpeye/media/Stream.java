package org.sharpeye.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * The frames of one camera profile, fanned out to its readers: one source publishes, any number of readers
 * receive. A new reader gets the cached GOP (from the latest keyframe) at once, then live frames; no reader can
 * slow the source or another reader (see {@link Reader}).
 *
 * <p>Threading: {@link #publish} is called from one thread at a time (the source's); the other methods from any
 * thread.
 */
public final class Stream {

    /** A GOP cache larger than this is dropped until the next keyframe (bounds memory for odd cameras). */
    public static final int GOP_CACHE_MAX_FRAMES = 900;
    public static final long GOP_CACHE_MAX_BYTES = 16L << 20;

    private final String name;
    private final ReaderLimits limits;
    private final GopCache gop = new GopCache(GOP_CACHE_MAX_FRAMES, GOP_CACHE_MAX_BYTES);
    private final List<Reader> readers = new CopyOnWriteArrayList<>();
    private final Map<ReaderCloseReason, LongAdder> disconnects = ReaderStats.newReasonCounters();
    private final StreamStats stats = new StreamStats();
    private volatile VideoTrack videoTrack;
    private volatile AudioTrack audioTrack;
    private volatile boolean closed;
    private volatile Runnable readersChanged = () -> { };

    public Stream(String name, ReaderLimits limits) {
        this.name = name;
        this.limits = limits;
    }

    public Stream(String name) {
        this(name, ReaderLimits.DEFAULT);
    }

    /** The path of this stream, e.g. {@code 34020000001320000001/main}. */
    public String name() {
        return name;
    }

    /** The configuration of the video track, or null before the first video frame. */
    public VideoTrack videoTrack() {
        return videoTrack;
    }

    /**
     * The configuration of the audio track: announced by the source when it sets the audio up, or that of the
     * latest audio frame; null for a stream without audio. A container that lists its tracks up front (fMP4, the
     * MPEG-TS program map) reads it when a viewer starts.
     */
    public AudioTrack audioTrack() {
        return audioTrack;
    }

    /**
     * The source has set up audio of this configuration (its frames follow), or, with null, a session without audio:
     * called when the source knows, before its first frame, so a viewer starting at the first keyframe of a cold
     * camera lists the audio in its container's header.
     */
    public void announceAudio(AudioTrack track) {
        this.audioTrack = track;
    }

    public StreamStats stats() {
        return stats;
    }

    /** Called (on any thread) after a reader joined or left; the supervisor starts and stops on-demand sources. */
    public void onReadersChanged(Runnable listener) {
        this.readersChanged = listener;
    }

    /**
     * Publishes a frame to the GOP cache and every reader. Does not take the caller's reference: the caller still
     * releases its own.
     */
    public void publish(Frame frame) {
        if (closed) {
            return;
        }
        stats.frameIn(frame);
        Thread here = Thread.currentThread();
        List<Reader> elsewhere = null;
        Reader servedHere = null;
        synchronized (this) {
            if (frame.isVideo()) {
                videoTrack = frame.track();
            } else if (frame.audioTrack() != audioTrack) {
                audioTrack = frame.audioTrack();
            }
            gop.add(frame);
            for (Reader reader : readers) {
                if (!reader.offer(frame)) {
                    continue;
                }
                if (reader.drainsOn(here)) {
                    reader.scheduleDrain(); // queued on this thread's own loop: no wake-up
                    servedHere = servedHere == null ? reader : servedHere;
                } else {
                    if (elsewhere == null) {
                        elsewhere = new ArrayList<>();
                    }
                    elsewhere.add(reader);
                }
            }
        }
        if (elsewhere != null) {
            wake(elsewhere, servedHere);
        }
    }

    /**
     * Schedules the drains of readers on other threads. Waking another thread is a system call that can take the
     * publishing thread milliseconds on a small VM (an inter-processor interrupt); when readers on this thread's own
     * event loop were served ({@code servedHere} is one of them), their drains run first and the wake-ups follow
     * them, queued behind those drains on the same loop.
     */
    private static void wake(List<Reader> elsewhere, Reader servedHere) {
        Runnable wakeAll = () -> elsewhere.forEach(Reader::scheduleDrain);
        if (servedHere == null || !servedHere.runOnExecutor(wakeAll)) {
            wakeAll.run();
        }
    }

    /**
     * Joins a reader. It first receives the cached GOP (when one is cached) and then every new frame, delivered to
     * {@code sink} on {@code executor}.
     */
    public Reader addReader(String readerName, Executor executor, FrameSink sink) {
        Reader reader = new Reader(this, readerName, executor, sink, limits);
        if (closed) {
            reader.close(ReaderCloseReason.STREAM_CLOSED);
            return reader;
        }
        synchronized (this) {
            for (Frame cached : gop.frames()) {
                if (reader.offer(cached)) {
                    reader.scheduleDrain();
                }
            }
            readers.add(reader);
        }
        readersChanged.run();
        return reader;
    }

    void detach(Reader reader) {
        if (readers.remove(reader)) {
            ReaderCloseReason reason = reader.closeReason();
            if (reason != null) {
                disconnects.get(reason).increment();
            }
            readersChanged.run();
        }
    }

    public int readerCount() {
        return readers.size();
    }

    public List<Reader> readers() {
        return List.copyOf(readers);
    }

    /** Readers disconnected so far, by reason. */
    public long disconnects(ReaderCloseReason reason) {
        return disconnects.get(reason).sum();
    }

    /** Bytes held by the GOP cache. */
    public synchronized long gopCacheBytes() {
        return gop.bytes();
    }

    /** Forgets the cached GOP, e.g. when the source reconnects and its timeline restarts. */
    public synchronized void resetCache() {
        gop.clear();
    }

    /** Closes every reader and releases the cache. */
    public void close() {
        closed = true;
        for (Reader reader : readers) {
            reader.close(ReaderCloseReason.STREAM_CLOSED);
        }
        synchronized (this) {
            gop.clear();
        }
    }

    public boolean isClosed() {
        return closed;
    }
}
