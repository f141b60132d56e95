package org.sharpeye.gateway.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.ingest.Observation;
import org.sharpeye.ingest.SourceStatus;
import org.sharpeye.ingest.StreamFigures;
import org.sharpeye.registry.health.HealthInput;
import org.sharpeye.registry.health.HealthObservation;
import org.sharpeye.registry.health.HealthReason;
import org.sharpeye.registry.health.HealthSource;

/**
 * Turns ingest's observations of watched paths ({@code cameraId/profile}) into health observations. FAILED is
 * OFFLINE with the same-named reason at once. PLAYING only means PLAY was answered: a stalled camera answers PLAY on
 * every retry and then sends nothing, so ONLINE is reported once a frame has arrived since PLAYING (checked every
 * sweep interval); otherwise a stall would read as a flapping camera. CONNECTING says nothing; IDLE and CLOSED are
 * UNKNOWN (ingest stopped judging the profile: the last judgement stands until the prober's next word; while ingest
 * judges a profile, the monitor ignores probes of it). Install with {@code ingest.onObservation(IngestHealthFeed.start(monitor, ingest))}.
 */
public final class IngestHealthFeed implements Consumer<Observation>, AutoCloseable {
    private final HealthInput input;
    private final Ingest ingest;
    private final Map<String, Instant> playingSince = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    private IngestHealthFeed(HealthInput input, Ingest ingest, Duration sweep) {
        this.input = input;
        this.ingest = ingest;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-health-feed");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, sweep.toMillis(), sweep.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A feed into {@code input} that confirms PLAYING by {@code ingest}'s frame figures every 250 ms. */
    public static IngestHealthFeed start(HealthInput input, Ingest ingest) {
        return new IngestHealthFeed(input, ingest, Duration.ofMillis(250));
    }

    @Override
    public void accept(Observation o) {
        int slash = o.path().lastIndexOf('/');
        if (slash <= 0 || slash == o.path().length() - 1) {
            return;
        }
        SourceStatus s = o.status();
        Instant at = s.since() != null ? s.since() : Instant.now();
        switch (s.state()) {
            case PLAYING -> playingSince.put(o.path(), at);
            case FAILED -> {
                playingSince.remove(o.path());
                if (s.reason() != null) {
                    StreamFigures f = ingest.figures(o.path());
                    input.observe(HealthObservation.offline(o.path().substring(0, slash),
                            o.path().substring(slash + 1), HealthSource.INGEST,
                            HealthReason.valueOf(s.reason().name()), s.detail(),
                            f == null ? null : f.lastFrameAt(), at));
                }
            }
            case IDLE, CLOSED -> {
                playingSince.remove(o.path());
                input.observe(new HealthObservation(o.path().substring(0, slash), o.path().substring(slash + 1),
                        HealthSource.INGEST, org.sharpeye.registry.CameraStatus.UNKNOWN, null, "", null, at));
            }
            default -> playingSince.remove(o.path());
        }
    }

    private void sweep() {
        for (Map.Entry<String, Instant> e : playingSince.entrySet()) {
            StreamFigures f = ingest.figures(e.getKey());
            if (f != null && f.lastFrameAt() != null && !f.lastFrameAt().isBefore(e.getValue())
                    && playingSince.remove(e.getKey(), e.getValue())) {
                String path = e.getKey();
                int slash = path.lastIndexOf('/');
                input.observe(HealthObservation.online(path.substring(0, slash), path.substring(slash + 1),
                        HealthSource.INGEST, f.lastFrameAt(), f.lastFrameAt()));
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
