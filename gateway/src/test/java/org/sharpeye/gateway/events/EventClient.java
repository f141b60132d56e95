package org.sharpeye.gateway.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.sharpeye.registry.RegistryJson;

/**
 * A client of the event stream, over WebSocket ({@code /api/v1/events}) or SSE ({@code /api/v1/events/stream}), that
 * keeps every event and lets a test await one.
 */
public final class EventClient implements AutoCloseable {
    private static final long AWAIT_MILLIS = 30_000;
    private final List<JsonNode> received = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private AutoCloseable closer = () -> { };

    private record Waiter(Predicate<JsonNode> match, CompletableFuture<JsonNode> done) {
    }

    private EventClient() {
    }

    /** Connects over WebSocket to {@code http}, the stream's http: URI (with its access token). */
    public static EventClient webSocket(URI http) throws Exception {
        EventClient c = new EventClient();
        URI ws = URI.create(http.toString().replaceFirst("^http", "ws"));
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(ws, new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    c.add(text.toString());
                    text.setLength(0);
                }
                w.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        c.closer = () -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        return c;
    }

    /** Opens the server-sent event stream at {@code uri}, asserting that it is one. */
    public static EventClient sse(HttpClient client, URI uri) throws Exception {
        EventClient c = new EventClient();
        HttpResponse<Stream<String>> r = client.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        Thread t = new Thread(() -> {
            try {
                r.body().forEach(line -> {
                    if (line.startsWith("data: ")) {
                        c.add(line.substring(6));
                    }
                });
            } catch (UncheckedIOException closed) {
                // the test closed the stream
            }
        }, "sse-client");
        t.setDaemon(true);
        t.start();
        c.closer = () -> r.body().close();
        return c;
    }

    private synchronized void add(String text) {
        JsonNode n;
        try {
            n = RegistryJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
        received.add(n);
        waiters.removeIf(w -> w.match().test(n) && w.done().complete(n));
    }

    /** The first event (already received or coming) matching {@code match}; an AssertionError after 30 s. */
    public JsonNode await(Predicate<JsonNode> match) throws Exception {
        try {
            return await(match, AWAIT_MILLIS);
        } catch (TimeoutException e) {
            throw new AssertionError("no such event; got " + received(), e);
        }
    }

    /** As {@link #await(Predicate)}, failing with a TimeoutException after {@code millis}. */
    public JsonNode await(Predicate<JsonNode> match, long millis) throws Exception {
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        synchronized (this) {
            for (JsonNode n : received) {
                if (match.test(n)) {
                    return n;
                }
            }
            waiters.add(new Waiter(match, f));
        }
        return f.get(millis, TimeUnit.MILLISECONDS);
    }

    /** Every event received so far, in order. */
    public synchronized List<JsonNode> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws Exception {
        closer.close();
    }
}
