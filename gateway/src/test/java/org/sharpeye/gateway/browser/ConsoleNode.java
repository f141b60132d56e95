package org.sharpeye.gateway.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.sharpeye.gateway.SharpEye;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * {@code ./sharpeye demo} in-process for the console's browser tests: the demo county (880 camsim cameras on
 * loopback addresses, the embedded registry, health, events), the gateway on 127.0.0.1 (random port) serving the
 * web-console jar, and small REST and camsim-control helpers.
 */
final class ConsoleNode implements AutoCloseable {

    static final String ADMIN_PASSWORD = "console-it-Secret-1";

    private final SharpEye node;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String adminToken;

    private ConsoleNode(SharpEye node) throws Exception {
        this.node = node;
        this.adminToken = login("admin", ADMIN_PASSWORD);
    }

    static ConsoleNode start() throws Exception {
        SharpEye node = SharpEye.demo(Map.of("SHARPEYE_HTTP_PORT", "0", "SHARPEYE_ADMIN_PASSWORD", ADMIN_PASSWORD));
        try {
            return new ConsoleNode(node);
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:port}. */
    String origin() {
        return "http://127.0.0.1:" + node.port();
    }

    String login(String user, String password) throws Exception {
        HttpResponse<String> r = send("POST", "/auth/login", null,
                new JsonObject().put("username", user).put("password", password).encode());
        if (r.statusCode() != 200) {
            throw new AssertionError("login " + user + ": " + r.statusCode() + " " + r.body());
        }
        return new JsonObject(r.body()).getString("token");
    }

    /** An API call as admin; answers the JSON body, failing on a status other than {@code expected}. */
    Object admin(String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> r = send(method, path, adminToken, body);
        if (r.statusCode() != expected) {
            throw new AssertionError(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        String text = r.body().trim();
        return text.isEmpty() ? null : text.startsWith("[") ? new JsonArray(text) : new JsonObject(text);
    }

    /** Camera ids the admin reads from {@code /cameras?query}. */
    List<String> cameraIds(String query) throws Exception {
        JsonObject page = (JsonObject) admin("GET", "/cameras?" + query, null, 200);
        return page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin() + "/api/v1" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sets a camsim fault on every profile of a camera ({@code stall}, {@code close}, ...). */
    void fault(String cameraId, String fault) throws Exception {
        camsim("PUT", cameraId, new JsonObject().put("fault", fault).encode());
    }

    /** Lifts every camsim fault of a camera. */
    void clearFaults(String cameraId) throws Exception {
        camsim("DELETE", cameraId, null);
    }

    /** The codec camsim streams for a camera ({@code H264}, {@code H265}), from its control API. */
    String codec(String cameraId) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.camsimControlPort()
                + "/cameras")).build(), HttpResponse.BodyHandlers.ofString());
        return new JsonArray(r.body()).stream().map(JsonObject.class::cast).filter(c -> cameraId.equals(c.getString("id")))
                .map(c -> c.getString("codec")).findFirst().orElseThrow(() -> new AssertionError("camsim has no " + cameraId));
    }

    private void camsim(String method, String cameraId, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.camsimControlPort()
                        + "/cameras/" + cameraId + "/fault"))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("camsim " + method + " fault " + cameraId + ": " + r.statusCode() + " " + r.body());
        }
    }

    @Override
    public void close() {
        node.close();
    }
}
