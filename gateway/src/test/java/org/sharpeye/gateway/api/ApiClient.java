package org.sharpeye.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.sharpeye.registry.RegistryJson;

/** A small blocking client of the REST API on a loopback server: JSON bodies, bearer tokens, login. */
public final class ApiClient {
    private final IntSupplier port;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A client of the server listening on 127.0.0.1 at {@code port}, asked at each request. */
    public ApiClient(IntSupplier port) {
        this.port = port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port.getAsInt() + path);
    }

    /** Logs {@code user} in and returns the session token; an AssertionError when the login fails. */
    public String login(String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> r = send("POST", "/api/v1/auth/login", null,
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
        if (r.statusCode() != 200) {
            throw new AssertionError("login of " + user + ": " + r.statusCode() + " " + r.body());
        }
        return json(r).get("token").asText();
    }

    /**
     * Sends a request with a JSON {@code body} (or none when null) as the holder of {@code token} (or anonymously),
     * with more headers as name, value pairs.
     */
    public HttpResponse<String> send(String method, String path, String token, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static JsonNode json(HttpResponse<String> r) throws IOException {
        return RegistryJson.mapper().readTree(r.body());
    }
}
