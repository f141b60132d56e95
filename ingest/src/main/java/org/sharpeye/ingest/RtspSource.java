package org.sharpeye.ingest;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.sharpeye.ingest.rtsp.Credentials;
import org.sharpeye.ingest.rtsp.Redaction;
import org.sharpeye.ingest.rtsp.RtspClient;
import org.sharpeye.ingest.rtsp.RtspFailure;
import org.sharpeye.ingest.rtsp.RtspSessionListener;
import org.sharpeye.ingest.rtsp.SdpException;
import org.sharpeye.ingest.rtsp.SdpMedia;
import org.sharpeye.media.Frame;
import org.sharpeye.media.Stream;
import org.sharpeye.media.rtp.DepacketizerOutcome;
import org.sharpeye.media.rtp.H264Depacketizer;
import org.sharpeye.media.rtp.H265Depacketizer;
import org.sharpeye.media.rtp.RtpPacket;
import org.sharpeye.media.rtp.VideoDepacketizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private final SourceSpec spec;
    private final Stream stream;
    private final EventLoop loop;
    private final IngestOptions options;
    private final Consumer<Observation> observations;
    private final Backoff backoff;

    private Session session;
    private ScheduledFuture<?> retryTimer;
    private ScheduledFuture<?> idleTimer;
    private boolean wanted;
    private boolean closed;
    private volatile SourceStatus status;
    /** The last published pts and when it was published, so the next session's timeline continues from it. */
    private long lastPtsMicros = Long.MIN_VALUE;
    private long lastPublishNanos;

    RtspSource(SourceSpec spec, EventLoop loop, IngestOptions options, Consumer<Observation> observations) {
        this.spec = spec;
        this.stream = new Stream(spec.path());
        this.loop = loop;
        this.options = options;
        this.observations = observations;
        this.backoff = new Backoff(options.backoffMin(), options.backoffMax());
        this.status = SourceStatus.of(SourceState.IDLE);
    }

    Stream stream() {
        return stream;
    }

    SourceStatus status() {
        return status;
    }

    void start() {
        if (spec.onDemand()) {
            stream.onReadersChanged(() -> loop.execute(this::readersChanged));
            loop.execute(this::readersChanged); // a reader may have joined before the listener was set
        } else {
            loop.execute(this::want);
        }
    }

    void close() {
        loop.execute(() -> {
            closed = true;
            wanted = false;
            cancelTimers();
            stopSession();
            setStatus(SourceStatus.of(SourceState.CLOSED));
            stream.close();
        });
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
            idleTimer = loop.schedule(this::idle, options.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
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
        session.client = new RtspClient(loop, spec.uri(), credentials, options.clientOptions(), session);
        session.client.start();
    }

    private void stopSession() {
        if (session != null) {
            session.end();
            session.client.close();
            session = null;
        }
    }

    private void sessionFailed(Session failed, FailureReason reason, String detail) {
        if (failed != session) {
            return;
        }
        failed.end();
        session = null;
        setStatus(SourceStatus.failed(reason, detail));
        if (wanted && !closed) {
            long delay = backoff.nextDelayMillis();
            log.info("{}: {} ({}), retry {} in {} ms", spec.path(), reason, detail, backoff.attempt(), delay);
            retryTimer = loop.schedule(this::startSession, delay, TimeUnit.MILLISECONDS);
        }
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
            } catch (RuntimeException e) {
                log.warn("observation listener failed", e);
            }
        }
    }

    /** One upstream session: its client, its depacketizer and its error accounting. */
    private final class Session implements RtspSessionListener {
        private RtspClient client;
        private VideoDepacketizer depacketizer;
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
            try {
                depacketizer = "H265".equals(media.codecName())
                        ? new H265Depacketizer(media.parameterSets(), publish)
                        : new H264Depacketizer(media.parameterSets(), publish);
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
                if (!delivered) {
                    delivered = true;
                    backoff.reset(); // this camera works; the next failure starts from the short delays
                }
            } else if (outcome.isError()) {
                error(outcome);
            }
        }

        @Override
        public void malformedRtp(String reason) {
            if (this == session) {
                error(DepacketizerOutcome.MALFORMED);
            }
        }

        private void error(DepacketizerOutcome outcome) {
            String detail = depacketizer == null ? outcome.toString() : depacketizer.stats().lastError();
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
            client.close();
            sessionFailed(this, reason, detail);
        }

        @Override
        public void failed(RtspFailure failure) {
            sessionFailed(this, failure.reason(), failure.detail());
        }

        void end() {
            if (depacketizer != null) {
                depacketizer.close();
                depacketizer = null;
            }
        }
    }
}
