package org.sharpeye.gateway.live;

import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Who may open a live URL, and the record of every view. A live URL needs a token from
 * {@code POST /api/v1/cameras/{id}/live} (issued only to a user allowed to see the camera): none gets 401, a bad,
 * expired or other camera's token 403, and no media bytes either way.
 */
public final class LiveAccess {

    private final LiveTokens tokens;
    private final Consumer<ViewRecord> audit;
    private final Clock clock;
    /** Open HLS views by token: an HLS view is a series of requests, ended by silence. */
    private final Map<String, HlsView> hlsViews = new ConcurrentHashMap<>();
    private final Map<Long, OpenView> openViews = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong nextViewId = new java.util.concurrent.atomic.AtomicLong();

    public LiveAccess(LiveTokens tokens, Consumer<ViewRecord> audit, Clock clock) {
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    public LiveTokens tokens() {
        return tokens;
    }

    /** The grant for this request, or empty after answering 401/403. */
    Optional<LiveTokens.Grant> admit(RoutingContext ctx, LiveRequest live) {
        if (live.token() == null) {
            LiveErrors.send(ctx, 401, "a live URL needs a token: POST /api/v1/cameras/" + live.cameraId() + "/live");
            return Optional.empty();
        }
        Optional<LiveTokens.Grant> grant = tokens.verify(live.token(), live.cameraId());
        if (grant.isEmpty()) {
            LiveErrors.send(ctx, 403, "the token is invalid, expired or for another camera");
        }
        return grant;
    }

    /**
     * Starts recording a streaming view (FLV, fMP4) and lists it among the open views; the returned callback ends
     * it with the bytes sent.
     */
    ViewEnd streamingView(LiveTokens.Grant grant, LiveRequest live, String output, String clientAddress,
                          Viewer viewer) {
        Instant start = clock.instant();
        long id = nextViewId.incrementAndGet();
        openViews.put(id, new OpenView(id, grant.username(), live, output, clientAddress, start, viewer));
        return bytes -> {
            openViews.remove(id);
            audit.accept(new ViewRecord(grant.username(), live.cameraId(), live.profile(), output, clientAddress,
                    start, clock.instant(), bytes));
        };
    }

    /** Open streaming views by output (flv, ws-flv, ws-mp4), for /metrics. */
    public java.util.Map<String, Long> openViewsByOutput() {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        openViews.values().forEach(v -> counts.merge(v.output(), 1L, Long::sum));
        return counts;
    }

    /** The open streaming views, for the viewer figures of the API. */
    java.util.Collection<OpenView> openViews() {
        return openViews.values();
    }

    /** A streaming view in progress and what it has received. */
    record OpenView(long id, String username, LiveRequest live, String output, String clientAddress, Instant start,
                    Viewer viewer) {
    }

    /** Counts an HLS request towards its view (one view per token). */
    void hlsRequest(LiveTokens.Grant grant, LiveRequest live, String output, String clientAddress, long bytes) {
        hlsViews.compute(live.token(), (t, v) -> {
            HlsView view = v != null ? v
                    : new HlsView(grant.username(), live.cameraId(), live.profile(), output, clientAddress,
                            clock.instant());
            view.bytes += bytes;
            view.last = clock.instant();
            return view;
        });
    }

    /** Ends the HLS views that had no request for {@code idleMillis}; called periodically. */
    void endIdleHlsViews(long idleMillis) {
        Instant limit = clock.instant().minusMillis(idleMillis);
        hlsViews.entrySet().removeIf(e -> {
            HlsView v = e.getValue();
            if (v.last.isBefore(limit)) {
                audit.accept(new ViewRecord(v.username, v.cameraId, v.profile, v.output, v.clientAddress, v.start,
                        v.last, v.bytes));
                return true;
            }
            return false;
        });
    }

    /** Ends every open HLS view (the gateway stops). */
    void endAllHlsViews() {
        endIdleHlsViews(-1);
    }

    /** Ends a streaming view. */
    @FunctionalInterface
    interface ViewEnd {
        void ended(long bytes);
    }

    private static final class HlsView {
        final String username;
        final String cameraId;
        final String profile;
        final String output;
        final String clientAddress;
        final Instant start;
        Instant last;
        long bytes;

        HlsView(String username, String cameraId, String profile, String output, String clientAddress, Instant start) {
            this.username = username;
            this.cameraId = cameraId;
            this.profile = profile;
            this.output = output;
            this.clientAddress = clientAddress;
            this.start = start;
            this.last = start;
        }
    }
}
