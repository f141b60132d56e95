package org.sharpeye.ingest.transcode;

import io.netty.buffer.PooledByteBufAllocator;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;
import org.sharpeye.media.FrameSink;
import org.sharpeye.media.Reader;
import org.sharpeye.media.ReaderCloseReason;
import org.sharpeye.media.Stream;
import org.sharpeye.media.VideoTrack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

/**
 * Transcodes one source stream to H.264 into an output stream: it joins the source as a {@link Reader} whose
 * executor is the transcoder's own worker thread, decodes, scales and encodes there, and publishes from there.
 * Like any reader it can fall behind: it then loses frames up to the next keyframe and the source is never
 * slowed. A source that already is H.264 passes through unchanged. Audio (AAC, G.711) passes through as it is, not
 * re-encoded, with its own pts, held back by an {@link AudioHold} until the video of its time is out, so the output
 * interleaves the two in time order; the output announces the source's audio track before each keyframe.
 *
 * <p>Every output frame keeps its source frame's pts and {@code receivedNanos}, so latency through SharpEye stays
 * measurable; dts equals pts because the output has no B-frames (decode order is presentation order).
 */
public final class H264Transcoder {

    private static final Logger log = LoggerFactory.getLogger(H264Transcoder.class);
    private static final long ERROR_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long DEFAULT_FRAME_MICROS = 40_000;
    private static final long DEFAULT_GOP_MICROS = 2_000_000;
    private static final AtomicInteger LIVE = new AtomicInteger();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Stream source;
    private final Stream output;
    private final TranscodeOptions options;
    private final ExecutorService worker;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final Counters counters = new Counters();
    private final Sink sink = new Sink();
    private final AudioHold audio;
    private volatile Thread workerThread;
    private volatile Reader reader;
    private volatile boolean stopping;

    // Worker thread state.
    private final Map<Long, SourceTiming> timings = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, SourceTiming> eldest) {
            return size() > 64; // pictures the decoder never returned (errors) must not pile up
        }
    };
    private SourceDecoder decoder;
    private PictureScaler scaler;
    private X264Encoder encoder;
    private VideoTrack outputTrack;
    private boolean waitingForKeyframe = true;
    private long lastSourcePts = Long.MIN_VALUE;
    private long frameMicros = DEFAULT_FRAME_MICROS;
    private long lastErrorLogNanos;
    private boolean freed;

    private H264Transcoder(Stream source, Stream output, TranscodeOptions options) {
        this.source = source;
        this.output = output;
        this.options = options;
        this.audio = new AudioHold(output::publish);
        String threadName = "transcode-" + THREADS.incrementAndGet() + "-" + output.name();
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            workerThread = t;
            return t;
        });
    }

    /** Starts transcoding {@code source} into {@code output}; the caller stops it with {@link #stop()}. */
    public static H264Transcoder start(Stream source, Stream output, TranscodeOptions options) {
        H264Transcoder transcoder = new H264Transcoder(source, output, options);
        LIVE.incrementAndGet();
        transcoder.worker.execute(() -> { }); // creates the worker thread now, so its CPU time can be read
        transcoder.join();
        log.info("transcoding {} to {} (up to {}x{}, {} kbit/s)", source.name(), output.name(), options.maxWidth(),
                options.maxHeight(), options.bitrate() / 1000);
        return transcoder;
    }

    /** Transcoders started and not yet stopped with their native resources freed, in this JVM. */
    public static int live() {
        return LIVE.get();
    }

    /** Leaves the source; the natives are freed on the worker thread, then {@link #stopped()} completes. */
    public CompletableFuture<Void> stop() {
        stopping = true;
        reader.close();
        // When the reader was already closed (the source stream ended), its close above did nothing.
        try {
            worker.execute(this::free);
        } catch (RejectedExecutionException alreadyFreed) {
            // free() ran and shut the worker down
        }
        return stopped;
    }

    /** Completes when the transcoder has stopped and freed everything. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    public Stream output() {
        return output;
    }

    public TranscodeStats stats() {
        Thread t = workerThread;
        long cpu = -1;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (t != null && threads.isThreadCpuTimeSupported()) {
            cpu = threads.getThreadCpuTime(t.getId());
        }
        Reader current = reader;
        long dropped = counters.droppedByEarlierReaders + (current == null ? 0 : current.stats().framesDropped());
        return new TranscodeStats(counters.framesIn, counters.framesOut, dropped, counters.framesSkipped,
                counters.decodeErrors, counters.encodeErrors, counters.decodedPictures, counters.decodeNanos,
                counters.encodeNanos, cpu);
    }

    private void join() {
        reader = source.addReader(output.name() + " transcoder", this::onWorker, sink);
    }

    /**
     * The reader's executor. A frame offered in the instant the reader closes may still schedule a delivery after
     * the worker has shut down; that task is dropped here rather than thrown at the source's thread.
     */
    private void onWorker(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException stopped) {
            log.debug("{}: task after stop dropped", output.name());
        }
    }

    /** The reader's callbacks, on the worker thread. */
    private final class Sink implements FrameSink {

        @Override
        public boolean write(Frame frame) {
            try {
                if (!stopping && !freed) {
                    transcode(frame);
                }
            } catch (RuntimeException e) {
                // Nothing may kill the worker: count, log (throttled), and start over at the next keyframe.
                counters.decodeErrors++;
                waitingForKeyframe = true;
                failed("transcoding " + frame, e);
            } finally {
                frame.release();
            }
            return true;
        }

        @Override
        public void closed(ReaderCloseReason reason) {
            boolean fellBehind = reason == ReaderCloseReason.TOO_SLOW || reason == ReaderCloseReason.TOO_MANY_OVERFLOWS;
            if (fellBehind && !stopping && !source.isClosed()) {
                // Closed for overflowing too often: keep serving, from the next keyframe, as a fresh reader.
                log.info("{}: transcoder fell behind ({}), rejoining the source", output.name(), reason);
                counters.droppedByEarlierReaders += reader.stats().framesDropped();
                waitingForKeyframe = true;
                join();
                return;
            }
            if (reason == ReaderCloseReason.STREAM_CLOSED && !stopping) {
                output.close();
            }
            free();
        }
    }

    private void transcode(Frame frame) {
        if (!frame.isVideo()) {
            audio.audio(frame); // passed as it is (AAC, G.711), in time order with the video coming out
            return;
        }
        if (frame.codec() == Codec.H264) {
            publishVideo(frame); // H.264 needs no transcode
            return;
        }
        counters.framesIn++;
        noteFrameRate(frame);
        if (waitingForKeyframe) {
            if (!frame.isKeyframe()) {
                counters.framesSkipped++;
                return;
            }
            waitingForKeyframe = false;
            if (decoder != null) {
                decoder.reset();
            }
        }
        long start = System.nanoTime();
        try {
            if (decoder == null || decoder.codec() != frame.codec()) {
                closeDecoder();
                decoder = new SourceDecoder(frame.codec(), options.threads());
            }
            timings.put(frame.ptsMicros(), new SourceTiming(frame.receivedNanos(), frame.isKeyframe()));
            decoder.send(frame);
            for (AVFrame picture = decoder.receive(); picture != null; picture = decoder.receive()) {
                counters.decodedPictures++;
                long decoded = System.nanoTime();
                counters.decodeNanos += decoded - start;
                encode(picture);
                start = System.nanoTime();
            }
            counters.decodeNanos += System.nanoTime() - start;
        } catch (CodecException e) {
            counters.decodeNanos += System.nanoTime() - start;
            counters.decodeErrors++;
            waitingForKeyframe = true;
            failed("decoding", e);
        }
    }

    private void encode(AVFrame picture) {
        long start = System.nanoTime();
        try {
            long pts = picture.pts() != AV_NOPTS_VALUE ? picture.pts() : picture.best_effort_timestamp();
            SourceTiming timing = timings.get(pts); // removed when its packet comes out
            PictureSize size = new PictureSize(picture.width(), picture.height())
                    .fitWithin(options.maxWidth(), options.maxHeight());
            if (encoder == null || !encoder.size().equals(size)) {
                closeEncoder();
                scaler = new PictureScaler(size);
                encoder = new X264Encoder(size, framesPerSecond(), gopFrames(), options);
            }
            picture.pts(pts);
            AVFrame scaled = scaler.scale(picture);
            encoder.encode(scaled, timing != null && timing.keyframe(), (annexB, outPts) -> publish(annexB, outPts));
        } catch (CodecException e) {
            counters.encodeErrors++;
            closeEncoder(); // a fresh encoder starts with an IDR
            failed("encoding", e);
        } finally {
            counters.encodeNanos += System.nanoTime() - start;
        }
    }

    private void publish(byte[] annexB, long ptsMicros) {
        H264AccessUnit unit = H264AccessUnit.parse(annexB, outputTrack, encoder.size(), PooledByteBufAllocator.DEFAULT);
        if (unit == null) {
            return;
        }
        outputTrack = unit.track();
        SourceTiming timing = timings.remove(ptsMicros);
        long received = timing != null ? timing.receivedNanos() : System.nanoTime();
        Frame frame = Frame.video(unit.track(), ptsMicros, ptsMicros, unit.keyframe(), unit.data(), received);
        try {
            publishVideo(frame);
            counters.framesOut++;
        } finally {
            frame.release();
        }
    }

    /**
     * Publishes a video frame after the held audio up to its time. A keyframe first gives the output the source's
     * audio track, announced by the source when it set the audio up: a viewer starting at this keyframe lists it
     * in its container's header even when no audio frame has come through yet (a cold camera).
     */
    private void publishVideo(Frame frame) {
        if (frame.isKeyframe()) {
            AudioTrack sourceAudio = source.audioTrack();
            if (!Objects.equals(sourceAudio, output.audioTrack())) {
                output.announceAudio(sourceAudio);
            }
        }
        audio.video(frame.ptsMicros());
        output.publish(frame);
    }

    private void noteFrameRate(Frame frame) {
        long delta = frame.ptsMicros() - lastSourcePts;
        if (lastSourcePts != Long.MIN_VALUE && delta >= 1_000 && delta <= 1_000_000) {
            frameMicros = delta;
        }
        lastSourcePts = frame.ptsMicros();
    }

    private int framesPerSecond() {
        return (int) Math.max(1, Math.min(120, Math.round(1_000_000.0 / frameMicros)));
    }

    /** The source's keyframe interval in frames when known, else 2 s worth. */
    private int gopFrames() {
        long interval = source.stats().keyframeIntervalMicros();
        long gopMicros = interval > 0 ? interval : DEFAULT_GOP_MICROS;
        return (int) Math.max(1, Math.min(600, Math.round((double) gopMicros / frameMicros)));
    }

    private void failed(String what, Exception e) {
        long now = System.nanoTime();
        if (lastErrorLogNanos == 0 || now - lastErrorLogNanos > ERROR_LOG_INTERVAL_NANOS) {
            lastErrorLogNanos = now;
            TranscodeStats s = stats();
            log.warn("{}: {} failed ({} decode / {} encode errors so far): {}", output.name(), what, s.decodeErrors(),
                    s.encodeErrors(), e.toString());
        }
    }

    private void free() {
        if (freed) {
            return;
        }
        freed = true;
        // A rejoin racing with stop() may have left a fresh reader on the source: leave it too.
        reader.close();
        closeDecoder();
        closeEncoder();
        timings.clear();
        audio.close();
        LIVE.decrementAndGet();
        worker.shutdown();
        log.info("{}: transcoder stopped, {} frames in, {} out", output.name(), counters.framesIn, counters.framesOut);
        stopped.complete(null);
    }

    private void closeDecoder() {
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
    }

    private void closeEncoder() {
        if (encoder != null) {
            encoder.close();
            encoder = null;
        }
        if (scaler != null) {
            scaler.close();
            scaler = null;
        }
    }

    /** What the output frame of a source frame keeps from it. */
    private record SourceTiming(long receivedNanos, boolean keyframe) {
    }

    /** Written on the worker thread only, read from any (volatile enough for figures). */
    private static final class Counters {
        volatile long framesIn;
        volatile long framesOut;
        volatile long framesSkipped;
        volatile long decodeErrors;
        volatile long encodeErrors;
        volatile long decodedPictures;
        volatile long decodeNanos;
        volatile long encodeNanos;
        volatile long droppedByEarlierReaders;
    }
}
