package org.sharpeye.gateway.wall;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.sharpeye.registry.RegistryJson;

/** A WebSocket client of {@code /api/v1/events} that keeps every event and lets a test await one. */
final class EventClient implements AutoCloseable {
    private static final long AWAIT_SECONDS = 20;
    private final List<JsonNode> received = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private WebSocket socket;

    private record Waiter(Predicate<JsonNode> match, CompletableFuture<JsonNode> done) {
    }

    static EventClient connect(URI httpUri) throws Exception {
        EventClient c = new EventClient();
        URI ws = URI.create(httpUri.toString().replaceFirst("^http", "ws"));
        c.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(ws, new WebSocket.Listener() {
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

    /** The first event (already received or coming) matching {@code match}; fails after 20 s. */
    JsonNode await(Predicate<JsonNode> match) throws Exception {
        return await(match, AWAIT_SECONDS * 1000);
    }

    /** As {@link #await(Predicate)}, failing with a TimeoutException after {@code millis}. */
    JsonNode await(Predicate<JsonNode> match, long millis) throws Exception {
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
    synchronized List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** Events of {@code type} about {@code wallId} (in the wallId field or the wall). */
    static Predicate<JsonNode> of(String type, String wallId) {
        return n -> type.equals(n.path("type").asText()) && (wallId.equals(n.path("wallId").asText())
                || wallId.equals(n.path("wall").path("id").asText()));
    }

    @Override
    public void close() throws Exception {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    }
}
