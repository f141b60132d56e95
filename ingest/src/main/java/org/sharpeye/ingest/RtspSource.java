package org.sharpeye.ingest;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.sharpeye.ingest.rtsp.Credentials;
import org.sharpeye.ingest.rtsp.Redaction;
import org.sharpeye.ingest.rtsp.RtspClient;
import org.sharpeye.ingest.rtsp.RtspClientOptions;
import org.sharpeye.ingest.rtsp.RtspFailure;
import org.sharpeye.ingest.rtsp.RtspSessionListener;
import org.sharpeye.ingest.rtsp.SdpException;
import org.sharpeye.ingest.rtsp.SdpMedia;
import org.sharpeye.media.Frame;
import org.sharpeye.media.Stream;
import org.sharpeye.media.StreamStats;
import org.sharpeye.media.rtp.DepacketizerOutcome;
import org.sharpeye.media.rtp.H264Depacketizer;
import org.sharpeye.media.rtp.H265Depacketizer;
import org.sharpeye.media.rtp.RtpPacket;
import org.sharpeye.media.rtp.VideoDepacketizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Supervises the source of one path: one upstream RTSP session at a time, started at once (always-on) or when the
 * stream gets its first reader (on demand) and stopped the idle timeout after the last one leaves; a failure is
 * classified, observed, and retried with backoff while the source is wanted. All state lives on one event loop,
 * the same one that runs the session's connection, so nothing here needs a lock.
 */
final class RtspSource {

    private static final Logger log = LoggerFactory.getLogger(RtspSource.class);
    /** Malformed packets tolerated in a row (no frame between) before the session counts as broken. */
    private static final int MAX_ERRORS_WITHOUT_FRAME = 200;
    private static final long ERROR_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long TICK_MILLIS = 1000;

    /** Opens the RTSP client of one session; a seam for tests. */
    interface ClientFactory {
        RtspClient open(EventLoop loop, URI url, Credentials credentials, RtspClientOptions options,
                        RtspSessionListener listener);
    }

    /** Makes the depacketizer of the media PLAY started; a seam for tests. */
    interface DepacketizerFactory {
        VideoDepacketizer create(SdpMedia media, Consumer<Frame> frames) throws SdpException;
    }

    static final ClientFactory RTSP_CLIENTS = RtspClient::new;
    static final DepacketizerFactory VIDEO_DEPACKETIZERS = (media, frames) -> "H265".equals(media.codecName())
            ? new H265Depacketizer(media.parameterSets(), frames)
            : new H264Depacketizer(media.parameterSets(), frames);

    private final SourceSpec spec;
    private final Stream stream;
    private final EventLoop loop;
    private final IngestOptions options;
    private final Consumer<Observation> observations;
    private final Backoff backoff;
    private final ClientFactory clients;
    private final DepacketizerFactory depacketizers;
    private final RateWindow rates = new RateWindow();

    private Session session;
    private ScheduledFuture<?> retryTimer;
    private ScheduledFuture<?> idleTimer;
    private ScheduledFuture<?> tickTimer;
    private boolean wanted;
    private boolean closed;
    private volatile SourceStatus status;
    private volatile long reconnects;
    /** The last published pts and when it was published, so the next session's timeline continues from it. */
    private long lastPtsMicros = Long.MIN_VALUE;
    private long lastPublishNanos;

    RtspSource(SourceSpec spec, EventLoop loop, IngestOptions options, Consumer<Observation> observations) {
        this(spec, loop, options, observations, RTSP_CLIENTS, VIDEO_DEPACKETIZERS);
    }

    RtspSource(SourceSpec spec, EventLoop loop, IngestOptions options, Consumer<Observation> observations,
               ClientFactory clients, DepacketizerFactory depacketizers) {
        this.spec = spec;
        this.stream = new Stream(spec.path());
        this.loop = loop;
        this.options = options;
        this.observations = observations;
        this.clients = clients;
        this.depacketizers = depacketizers;
        this.backoff = new Backoff(options.backoffMin(), options.backoffMax());
        this.status = SourceStatus.of(SourceState.IDLE);
    }

    Stream stream() {
        return stream;
    }

    SourceStatus status() {
        return status;
    }

    /** The figures of this source now; any thread. */
    StreamFigures figures() {
        StreamStats s = stream.stats();
        long last = s.lastFrameNanos();
        Instant lastAt = last == 0 ? null : Instant.now().minusNanos(System.nanoTime() - last);
        return new StreamFigures(spec.path(), status, rates.framesPerSecond(), rates.bitsPerSecond(),
                s.keyframeIntervalMicros() / 1000, s.framesIn(), s.bytesIn(), s.framesLost(), stream.readerCount(),
                reconnects, lastAt, stream.gopCacheBytes());
    }

    void start() {
        loop.execute(guard(() -> tickTimer = loop.scheduleAtFixedRate(guard(this::tick), TICK_MILLIS, TICK_MILLIS,
                TimeUnit.MILLISECONDS)));
        if (spec.onDemand()) {
            stream.onReadersChanged(() -> loop.execute(guard(this::readersChanged)));
            loop.execute(guard(this::readersChanged)); // a reader may have joined before the listener was set
        } else {
            loop.execute(guard(this::want));
        }
    }

    /** Tears the session down and closes the stream on the source's loop; completes once that is done. */
    java.util.concurrent.CompletableFuture<Void> close() {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        loop.execute(() -> {
            closed = true;
            wanted = false;
            try {
                cancelTimers();
                if (tickTimer != null) {
                    tickTimer.cancel(false);
                }
                stopSession();
            } catch (Throwable t) {
                log.error("{}: error while closing", spec.path(), t);
            }
            setStatus(SourceStatus.of(SourceState.CLOSED));
            stream.close();
            done.complete(null);
        });
        return done;
    }

    /**
     * Every task of this source runs through here: an unexpected Throwable (a bug, a missing class, a listener
     * that throws) must become a visible failure that is retried, never a source stuck in CONNECTING.
     */
    private Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                internalError(session, t);
            }
        };
    }

    private void internalError(Session broken, Throwable t) {
        if (broken != session) {
            log.warn("{}: error in a finished session", spec.path(), t);
            return;
        }
        log.error("{}: internal error, restarting the source", spec.path(), t);
        if (broken != null) {
            session = null;
            try {
                broken.end();
                if (broken.client != null) {
                    broken.client.close();
                }
            } catch (Throwable again) {
                log.warn("{}: error while ending the broken session", spec.path(), again);
            }
        }
        setStatus(SourceStatus.failed(FailureReason.PROTOCOL_ERROR, "internal error: " + describe(t)));
        scheduleRetry(FailureReason.PROTOCOL_ERROR, describe(t));
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + Redaction.redactText(message));
    }

    /** Once a second: the rate window, and the watchdogs that catch a session no callback ended. */
    private void tick() {
        long now = System.nanoTime();
        StreamStats s = stream.stats();
        rates.sample(now, s.framesIn(), s.bytesIn());
        Session current = session;
        if (current == null || closed) {
            return;
        }
        if (current.depacketizer == null) {
            long limit = connectingLimit().toNanos();
            if (now - current.startedNanos > limit) {
                current.fail(FailureReason.PROTOCOL_ERROR, "no session after "
                        + TimeUnit.NANOSECONDS.toMillis(limit) + " ms");
            }
        } else if (now - current.lastFrameNanos > frameGap().toNanos()) {
            // RTP flows (or the client would have reported a stall) yet nothing is assembled: e.g. a payload type
            // other than the SDP's, or a stream that never sends a keyframe.
            current.fail(FailureReason.STALLED, "RTP but no frame for "
                    + TimeUnit.NANOSECONDS.toMillis(now - current.lastFrameNanos) + " ms");
        }
    }

    /** Longest time from connect to PLAY: a connect and a handful of requests, each with its own timeout. */
    private Duration connectingLimit() {
        return options.connectTimeout().plus(options.responseTimeout().multipliedBy(6)).multipliedBy(2);
    }

    /** Longest time without a frame while playing: longer than any sane keyframe interval at start. */
    private Duration frameGap() {
        Duration gap = options.stallGap().multipliedBy(3);
        return gap.compareTo(Duration.ofSeconds(12)) < 0 ? Duration.ofSeconds(12) : gap;
    }

    private void readersChanged() {
        if (closed) {
            return;
        }
        if (stream.readerCount() > 0) {
            if (idleTimer != null) {
                idleTimer.cancel(false);
                idleTimer = null;
            }
            want();
        } else if (wanted && idleTimer == null) {
            idleTimer = loop.schedule(guard(this::idle), options.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void idle() {
        idleTimer = null;
        if (closed || stream.readerCount() > 0) {
            return;
        }
        log.info("{}: no readers for {} s, stopping", spec.path(), options.idleTimeout().toSeconds());
        wanted = false;
        cancelTimers();
        stopSession();
        backoff.reset();
        setStatus(SourceStatus.of(SourceState.IDLE));
    }

    private void want() {
        if (wanted || closed) {
            return;
        }
        wanted = true;
        startSession();
    }

    private void startSession() {
        retryTimer = null;
        if (!wanted || closed || session != null) {
            return;
        }
        setStatus(SourceStatus.of(SourceState.CONNECTING));
        stream.resetCache(); // a new session restarts the timeline; the old GOP must not mix with it
        Credentials credentials = spec.username() == null ? null
                : new Credentials(spec.username(), spec.password() == null ? "" : spec.password());
        session = new Session();
        session.client = clients.open(loop, spec.uri(), credentials, options.clientOptions(), session);
        session.client.start();
    }

    private void stopSession() {
        if (session != null) {
            Session stopping = session;
            session = null;
            stopping.end();
            if (stopping.client != null) {
                stopping.client.close();
            }
        }
    }

    private void sessionFailed(Session failed, FailureReason reason, String detail) {
        if (failed != session) {
            return;
        }
        session = null;
        failed.end();
        setStatus(SourceStatus.failed(reason, detail));
        scheduleRetry(reason, detail);
    }

    private void scheduleRetry(FailureReason reason, String detail) {
        if (!wanted || closed) {
            return;
        }
        if (retryTimer != null) {
            retryTimer.cancel(false);
        }
        long delay = backoff.nextDelayMillis();
        log.info("{}: {} ({}), retry {} in {} ms", spec.path(), reason, detail, backoff.attempt(), delay);
        retryTimer = loop.schedule(guard(() -> {
            reconnects++;
            startSession();
        }), delay, TimeUnit.MILLISECONDS);
    }

    private void cancelTimers() {
        if (retryTimer != null) {
            retryTimer.cancel(false);
            retryTimer = null;
        }
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
    }

    private void setStatus(SourceStatus next) {
        SourceStatus previous = status;
        status = next;
        if (next.changedFrom(previous)) {
            try {
                observations.accept(new Observation(spec.path(), next));
            } catch (Throwable e) { // a listener's bug must not stop the source
                log.warn("observation listener failed", e);
            }
        }
    }

    /** One upstream session: its client, its depacketizer and its error accounting. */
    private final class Session implements RtspSessionListener {
        private final long startedNanos = System.nanoTime();
        private RtspClient client;
        private VideoDepacketizer depacketizer;
        private AudioChannel audio;
        private long lastFrameNanos;
        private int payloadType;
        private long lostReported;
        private int errorsWithoutFrame;
        private long errorsSinceLog;
        private long lastErrorLogNanos;
        private boolean delivered;
        private boolean offsetKnown;
        private long offsetMicros;

        /**
         * Each session's RTP timeline starts at a random point (RFC 3550 5.1); shift it so that the stream's
         * timestamps keep increasing across reconnects, by the wall time that passed. Muxers downstream then never
         * see time run backwards. Takes the frame's reference and returns one.
         */
        private Frame continueTimeline(Frame frame) {
            if (!offsetKnown) {
                offsetKnown = true;
                offsetMicros = lastPtsMicros == Long.MIN_VALUE ? 0 : lastPtsMicros - frame.ptsMicros()
                        + Math.max(1, TimeUnit.NANOSECONDS.toMicros(frame.receivedNanos() - lastPublishNanos));
            }
            if (offsetMicros == 0) {
                return frame;
            }
            Frame shifted = Frame.video(frame.track(), frame.ptsMicros() + offsetMicros,
                    frame.dtsMicros() + offsetMicros, frame.isKeyframe(), frame.data().retain(), frame.receivedNanos());
            frame.release();
            return shifted;
        }

        @Override
        public void playing(SdpMedia media) {
            try {
                startPlaying(media);
            } catch (Throwable t) {
                internalError(this, t);
            }
        }

        private void startPlaying(SdpMedia media) {
            if (this != session) {
                return;
            }
            Consumer<Frame> publish = frame -> {
                Frame out = continueTimeline(frame);
                try {
                    stream.publish(out);
                    lastPtsMicros = out.ptsMicros();
                    lastPublishNanos = out.receivedNanos();
                } finally {
                    out.release();
                }
            };
            lastFrameNanos = System.nanoTime();
            try {
                depacketizer = depacketizers.create(media, publish);
            } catch (SdpException e) {
                fail(FailureReason.PROTOCOL_ERROR, e.getMessage());
                return;
            }
            payloadType = media.payloadType();
            log.info("{}: playing {} from {}", spec.path(), media.codecName(), Redaction.url(spec.uri()));
            setStatus(SourceStatus.of(SourceState.PLAYING));
        }

        @Override
        public void rtp(RtpPacket packet) {
            try {
                depacketize(packet);
            } catch (Throwable t) {
                internalError(this, t);
            }
        }

        private void depacketize(RtpPacket packet) {
            if (this != session || depacketizer == null || packet.payloadType() != payloadType) {
                return;
            }
            DepacketizerOutcome outcome = depacketizer.push(packet);
            long lost = depacketizer.stats().framesLost();
            for (; lostReported < lost; lostReported++) {
                stream.stats().frameLost();
            }
            if (outcome == DepacketizerOutcome.FRAME) {
                errorsWithoutFrame = 0;
                lastFrameNanos = System.nanoTime();
                if (!delivered) {
                    delivered = true;
                    backoff.reset(); // this camera works; the next failure starts from the short delays
                }
            } else if (outcome.isError()) {
                error(outcome, depacketizer.stats().lastError());
            }
        }

        @Override
        public void playingAudio(SdpMedia media) {
            try {
                if (this != session || depacketizer == null) {
                    return;
                }
                audio = new AudioChannel(media, this::videoNow, stream::publish);
                log.info("{}: with {} audio", spec.path(), audio.codec());
            } catch (IllegalArgumentException e) {
                log.info("{}: audio not taken ({}), video only", spec.path(), e.getMessage());
            } catch (Throwable t) {
                internalError(this, t);
            }
        }

        @Override
        public void audioRtp(RtpPacket packet) {
            try {
                if (this == session && audio != null) {
                    for (long lost = audio.push(packet); lost > 0; lost--) {
                        stream.stats().frameLost();
                    }
                }
            } catch (Throwable t) {
                internalError(this, t);
            }
        }

        /** The video pts of this instant, for placing audio; Long.MIN_VALUE before this session's first frame. */
        private long videoNow() {
            if (!delivered || lastPtsMicros == Long.MIN_VALUE) {
                return Long.MIN_VALUE;
            }
            return lastPtsMicros + TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - lastPublishNanos);
        }

        @Override
        public void malformedRtp(String reason) {
            try {
                if (this == session) {
                    error(DepacketizerOutcome.MALFORMED, "malformed RTP: " + reason);
                }
            } catch (Throwable t) {
                internalError(this, t);
            }
        }

        private void error(DepacketizerOutcome outcome, String lastError) {
            String detail = lastError == null ? outcome.toString() : lastError;
            if (outcome == DepacketizerOutcome.UNSUPPORTED || outcome == DepacketizerOutcome.NAL_UNIT_TOO_LARGE
                    || outcome == DepacketizerOutcome.ACCESS_UNIT_TOO_LARGE) {
                fail(FailureReason.PROTOCOL_ERROR, detail); // it would go on doing so
                return;
            }
            if (++errorsWithoutFrame > MAX_ERRORS_WITHOUT_FRAME) {
                fail(FailureReason.PROTOCOL_ERROR, errorsWithoutFrame + " bad packets without a frame; last: " + detail);
                return;
            }
            errorsSinceLog++;
            long now = System.nanoTime();
            if (now - lastErrorLogNanos > ERROR_LOG_INTERVAL_NANOS) {
                log.warn("{}: {} bad RTP packet(s) in the last interval; last: {}", spec.path(), errorsSinceLog, detail);
                errorsSinceLog = 0;
                lastErrorLogNanos = now;
            }
        }

        private void fail(FailureReason reason, String detail) {
            if (client != null) {
                client.close();
            }
            sessionFailed(this, reason, detail);
        }

        @Override
        public void failed(RtspFailure failure) {
            try {
                sessionFailed(this, failure.reason(), failure.detail());
            } catch (Throwable t) {
                internalError(this, t);
            }
        }

        void end() {
            if (audio != null) {
                audio.close();
                audio = null;
            }
            if (depacketizer != null) {
                depacketizer.close();
                depacketizer = null;
            }
        }
    }
}
