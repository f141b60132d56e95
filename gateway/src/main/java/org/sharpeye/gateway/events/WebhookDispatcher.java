package org.sharpeye.gateway.events;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.health.HealthEvent;
import org.sharpeye.registry.health.HealthMonitor;
import org.sharpeye.registry.health.Webhook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alert events to the webhooks whose site subtree holds the camera: one event in flight per webhook, in
 * order, from a bounded queue; a failure (no answer, timeout, non-2xx) is retried after an exponential backoff with
 * jitter; after {@code maxAttempts} the event is given up and recorded. Each POST carries {@code Idempotency-Key}
 * (the event id, the same on every retry) and {@link WebhookSignature#HEADER}. All state lives on one Vert.x
 * context; nothing blocks. A webhook deleted meanwhile gets nothing more, not even the retries it had queued.
 */
final class WebhookDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    /** Set on close: the monitor may still raise events (its closing tick), which are no longer delivered. */
    private volatile boolean closed;
    private final Vertx vertx;
    private final Context context;
    private final HttpClient client;
    private final Registry registry;
    private final HealthMonitor monitor;
    private final WebhookOptions options;
    private final Map<String, Deque<Pending>> queues = new HashMap<>();
    private final Map<String, Boolean> busy = new HashMap<>();
    private final List<Failure> failures = new CopyOnWriteArrayList<>();

    /** An event given up (too many attempts, or dropped from a full queue). */
    record Failure(String webhookId, String eventId, int attempts, String lastError) {
    }

    private record Pending(HealthEvent event, byte[] body, int attempts) {
    }

    WebhookDispatcher(Vertx vertx, Registry registry, HealthMonitor monitor, WebhookOptions options) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) options.requestTimeout().toMillis())
                .setIdleTimeout(60));
        this.registry = registry;
        this.monitor = monitor;
        this.options = options;
    }

    /** Queues an alert event for every webhook whose subtree holds its camera; other events are ignored. */
    void offer(HealthEvent e) {
        if (closed || !e.aboutAlert()) {
            return;
        }
        Camera camera = registry.camera(e.cameraId()).orElse(null);
        String siteId = camera != null ? camera.siteId() : e.siteId();
        List<Webhook> targets = monitor.webhooks().stream().filter(w -> siteId != null
                && (registry.sites().isWithin(siteId, w.siteId()) || camera != null
                && camera.groupIds().stream().anyMatch(g -> registry.sites().isWithin(g, w.siteId())))).toList();
        if (targets.isEmpty()) {
            return;
        }
        byte[] body = EventJson.write(e).getBytes(StandardCharsets.UTF_8);
        context.runOnContext(v -> targets.forEach(w -> enqueue(w, new Pending(e, body, 0))));
    }

    /** Events given up so far. */
    List<Failure> failures() {
        return List.copyOf(failures);
    }

    private void enqueue(Webhook w, Pending p) {
        Deque<Pending> q = queues.computeIfAbsent(w.id(), k -> new ArrayDeque<>());
        if (q.size() >= options.queueSize()) {
            // the head may be in flight; the new event is the one refused
            failures.add(new Failure(w.id(), p.event().id(), 0, "queue full"));
            log.warn("webhook {}: queue full, dropped event {}", w.id(), p.event().id());
            return;
        }
        q.addLast(p);
        pump(w);
    }

    private void pump(Webhook w) {
        if (busy.getOrDefault(w.id(), false)) {
            return;
        }
        Pending p = queues.get(w.id()).peekFirst();
        if (p == null) {
            return;
        }
        busy.put(w.id(), true);
        attempt(w, p);
    }

    private void attempt(Webhook w, Pending p) {
        if (monitor.webhook(w.id()).isEmpty()) {
            // deleted meanwhile: nothing more is sent to it, its queue (retries included) goes
            Deque<Pending> q = queues.remove(w.id());
            busy.remove(w.id());
            log.info("webhook {} was deleted; {} queued event(s) dropped", w.id(), q == null ? 0 : q.size());
            return;
        }
        RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(w.url())
                .setTimeout(options.requestTimeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("Idempotency-Key", p.event().id())
                .putHeader("X-SharpEye-Event", p.event().type())
                .putHeader(WebhookSignature.HEADER, WebhookSignature.sign(w.secret(), p.body()));
        client.request(ro)
                .compose(req -> req.send(Buffer.buffer(p.body())))
                .onComplete(ar -> {
                    if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
                        ar.result().body();
                        done(w);
                        return;
                    }
                    String error = ar.succeeded() ? "HTTP " + ar.result().statusCode() : String.valueOf(ar.cause());
                    retry(w, p, error);
                });
    }

    private void retry(Webhook w, Pending p, String error) {
        int attempts = p.attempts() + 1;
        if (attempts >= options.maxAttempts()) {
            failures.add(new Failure(w.id(), p.event().id(), attempts, error));
            log.warn("webhook {}: gave up event {} after {} attempts ({})", w.id(), p.event().id(), attempts, error);
            done(w);
            return;
        }
        long base = Math.min(options.maxBackoff().toMillis(), options.firstBackoff().toMillis() << Math.min(20,
                attempts - 1));
        // half fixed, half jitter: a receiver that comes back is not hit by every queue at once
        long delay = Math.max(1, base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
        log.debug("webhook {}: attempt {} of event {} failed ({}); next in {} ms", w.id(), attempts,
                p.event().id(), error, delay);
        Deque<Pending> q = queues.get(w.id());
        q.pollFirst();
        q.addFirst(new Pending(p.event(), p.body(), attempts));
        vertx.setTimer(delay, id -> attempt(w, q.peekFirst()));
    }

    private void done(Webhook w) {
        queues.get(w.id()).pollFirst();
        busy.put(w.id(), false);
        pump(w);
    }

    @Override
    public void close() {
        closed = true;
        client.close();
    }
}
