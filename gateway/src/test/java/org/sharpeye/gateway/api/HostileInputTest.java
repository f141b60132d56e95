package org.sharpeye.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraQuery;
import org.sharpeye.registry.store.AuditQuery;

/** Hostile requests get a 4xx with a clear JSON message, and change nothing. */
class HostileInputTest {
    private static ApiServer api;
    private static String token;
    private List<Camera> camerasBefore;
    private int sitesBefore;

    @BeforeAll
    static void start() throws Exception {
        api = ApiServer.start();
        token = api.login("zhao", ApiServer.PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    @BeforeEach
    void snapshot() {
        camerasBefore = api.registry.cameras(null, CameraQuery.all(10_000)).items();
        sitesBefore = api.registry.sites().size();
    }

    @AfterEach
    void nothingChanged() {
        assertEquals(camerasBefore, api.registry.cameras(null, CameraQuery.all(10_000)).items());
        assertEquals(sitesBefore, api.registry.sites().size());
    }

    private static void refused(HttpResponse<String> r, int status, String messagePart) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        String error = ApiServer.json(r).get("error").asText();
        assertTrue(error.contains(messagePart), error);
        assertFalse(r.body().contains("Exception"), "no stack traces or class names: " + r.body());
        assertFalse(r.body().contains("com.fasterxml"), r.body());
    }

    @Test
    void malformedJson() throws Exception {
        refused(api.send("POST", "/api/v1/cameras", token, "{\"name\": \"x\", "), 400, "malformed JSON");
        refused(api.send("POST", "/api/v1/cameras", token, "{'name': 'x'}"), 400, "malformed JSON");
        refused(api.send("POST", "/api/v1/cameras", token, "[]"), 400, "JSON object");
        refused(api.send("POST", "/api/v1/cameras", token, "null"), 400, "JSON object");
        refused(api.send("POST", "/api/v1/cameras", token, "{} {}"), 400, "malformed JSON");
        refused(api.send("POST", "/api/v1/cameras", token, "[".repeat(5000) + "]".repeat(5000)), 400, "");
        refused(api.send("POST", "/api/v1/cameras", token, "{\"name\":\"a\",\"name\":\"b\"}"), 400, "malformed");
        refused(api.send("POST", "/api/v1/auth/login", null, "not json"), 400, "malformed JSON");
    }

    @Test
    void hugeBodiesAre413() throws Exception {
        String big = "{\"name\":\"" + "x".repeat(200_000) + "\"}";
        refused(api.send("POST", "/api/v1/cameras", token, big), 413, "too large");
        refused(api.send("POST", "/api/v1/auth/login", null, big), 413, "too large");
    }

    @Test
    void wrongTypesNameTheField() throws Exception {
        HttpResponse<String> r = api.send("POST", "/api/v1/cameras", token,
                "{\"name\":\"a\",\"siteId\":\"341522\",\"tier\":\"CLASS_I\",\"retentionDays\":\"thirty\"}");
        refused(r, 400, "invalid fields");
        assertEquals("retentionDays", ApiServer.json(r).get("fields").get(0).get("field").asText());
        refused(api.send("POST", "/api/v1/cameras", token,
                "{\"name\":[1],\"siteId\":\"341522\",\"tier\":\"CLASS_I\"}"), 400, "invalid fields");
        refused(api.send("POST", "/api/v1/cameras", token,
                "{\"name\":\"a\",\"siteId\":\"341522\",\"tier\":3}"), 400, "invalid fields");
        refused(api.send("POST", "/api/v1/cameras", token,
                "{\"name\":\"a\",\"siteId\":\"341522\",\"tier\":\"CLASS_I\",\"enabled\":\"yes\"}"), 400, "invalid");
        refused(api.send("POST", "/api/v1/cameras", token,
                "{\"name\":\"a\",\"siteId\":\"341522\",\"tier\":\"CLASS_I\",\"admin\":true}"), 400, "invalid");
        refused(api.send("POST", "/api/v1/cameras", token, "{\"name\":\"a\"}", "Content-Type", "text/plain"), 415,
                "application/json");
        refused(api.get("/api/v1/cameras?limit=ten", token), 400, "invalid fields");
        refused(api.get("/api/v1/cameras?tier=CLASS_IV", token), 400, "invalid fields");
    }

    @Test
    void injectionStringsAreDataOrRefusedNeverExecuted() throws Exception {
        String sql = "'; DROP TABLE documents; --";
        refused(api.get("/api/v1/cameras/" + java.net.URLEncoder.encode(sql, "UTF-8"), token), 400,
                "malformed camera id");
        refused(api.get("/api/v1/cameras?site=" + java.net.URLEncoder.encode(sql, "UTF-8"), token), 400,
                "malformed site id");
        HttpResponse<String> cmd = api.send("POST", "/api/v1/cameras", token,
                "{\"name\":\"a\",\"siteId\":\"341522\",\"tier\":\"CLASS_I\",\"ip\":\"$(reboot)\","
                        + "\"profiles\":[{\"name\":\"main\",\"url\":\"rtsp://x;rm -rf /\"}]}");
        refused(cmd, 400, "invalid fields");
        // A search for an injection string is just a search: no match, no error.
        HttpResponse<String> search = api.get("/api/v1/cameras?q=" + java.net.URLEncoder.encode(sql, "UTF-8"), token);
        assertEquals(200, search.statusCode());
        assertEquals(0, ApiServer.json(search).get("total").asInt());
        refused(api.send("POST", "/api/v1/auth/login", null,
                "{\"username\":\"admin' OR '1'='1\",\"password\":\"' OR '1'='1\"}"), 401, "wrong username");
    }

    @Test
    void pathTraversalInIds() throws Exception {
        for (String id : new String[] {"..%2F..%2Fetc%2Fpasswd", "%2e%2e", "34152200001320000001%00",
            "34152200001320000001%2F..", "..%5C..%5Cwindows"}) {
            HttpResponse<String> r = api.get("/api/v1/cameras/" + id, token);
            assertTrue(r.statusCode() == 400 || r.statusCode() == 404, id + " -> " + r.statusCode());
            assertFalse(r.body().contains("root:"), r.body());
        }
        refused(api.get("/api/v1/cameras/..%2F..%2Fetc%2Fpasswd", token), 400, "malformed camera id");
        refused(api.get("/api/v1/sites/..%2Fx", token), 400, "malformed site id");
        refused(api.send("DELETE", "/api/v1/users/..%2Fadmin", api.login("admin", ApiServer.ADMIN_PASSWORD), null,
                "If-Match", "\"1\""), 400, "malformed username");
    }

    @Test
    void badIfMatchIsRefused() throws Exception {
        Camera c = camerasBefore.get(0);
        String body = "{\"name\":\"x\",\"siteId\":\"" + c.siteId() + "\",\"tier\":\"" + c.tier() + "\"}";
        refused(api.send("PUT", "/api/v1/cameras/" + c.id(), token, body, "If-Match", "*"), 412, "If-Match");
        refused(api.send("PUT", "/api/v1/cameras/" + c.id(), token, body, "If-Match", "\"99999999999999999999\""),
                412, "If-Match");
        refused(api.send("PUT", "/api/v1/cameras/" + c.id(), token, body, "If-Match", "\"7\""), 412, "version");
    }

    @Test
    void passwordGuessingIsThrottled() throws Exception {
        int failures = 0;
        HttpResponse<String> r;
        do {
            r = api.send("POST", "/api/v1/auth/login", null, "{\"username\":\"wang\",\"password\":\"guess-"
                    + failures + "\"}");
            failures++;
        } while (r.statusCode() == 401 && failures < 20);
        refused(r, 429, "too many failed logins");
        assertEquals(LoginThrottle.USER_FREE_FAILURES + 1, failures);
        assertTrue(r.headers().firstValue("Retry-After").isPresent());
        refused(api.send("POST", "/api/v1/auth/login", null,
                "{\"username\":\"wang\",\"password\":\"" + ApiServer.PASSWORD + "\"}"), 429, "too many");
        assertTrue(api.registry.audit(new AuditQuery(null, null, "wang", null, 100)).stream()
                .anyMatch(e -> e.action().name().equals("LOGIN_FAILED")));
    }
}
