package org.sharpeye.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraQuery;
import org.sharpeye.registry.CameraTier;

class RegistryApiTest {
    private static ApiServer api;
    private static String admin;
    private static String officer;
    private static String villager;
    private static String county;

    @BeforeAll
    static void start() throws Exception {
        api = ApiServer.start();
        admin = api.login("admin", ApiServer.ADMIN_PASSWORD);
        officer = api.login("wang", ApiServer.PASSWORD);
        villager = api.login("li", ApiServer.PASSWORD);
        county = api.login("zhao", ApiServer.PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    private static Camera firstAt(String siteId) {
        return api.registry.cameras(null, CameraQuery.underSite(siteId, 1)).items().get(0);
    }

    @Test
    void withoutATokenEverythingButLoginAndTheDocumentIs401() throws Exception {
        assertEquals(401, api.get("/api/v1/cameras", null).statusCode());
        assertEquals(401, api.get("/api/v1/cameras", "forged-token").statusCode());
        assertEquals(200, api.get("/api/v1/openapi.yaml", null).statusCode());
        HttpResponse<String> bad = api.send("POST", "/api/v1/auth/login", null,
                "{\"username\":\"admin\",\"password\":\"wrong-password\"}");
        assertEquals(401, bad.statusCode());
        assertEquals("wrong username or password", ApiServer.json(bad).get("error").asText());
        assertEquals("wang", ApiServer.json(api.get("/api/v1/auth/me", officer)).get("username").asText());
    }

    @Test
    void aTownshipOfficerSeesOnlyItsTownshipAndNeverAnotherOne() throws Exception {
        JsonNode page = ApiServer.json(api.get("/api/v1/cameras?limit=1000", officer));
        assertEquals(25 + 14 * 8, page.get("total").asInt());
        for (JsonNode c : page.get("items")) {
            assertTrue(c.get("siteId").asText().startsWith("341522101"), c.toString());
        }
        String other = firstAt("341522102").id();
        assertEquals(404, api.get("/api/v1/cameras/" + other, officer).statusCode(), "hidden, not forbidden");
        assertEquals(0, ApiServer.json(api.get("/api/v1/cameras?site=341522102", officer)).get("total").asInt());
    }

    @Test
    void aVillageRoomNeverSeesClassI() throws Exception {
        JsonNode page = ApiServer.json(api.get("/api/v1/cameras?limit=1000", villager));
        assertEquals(8, page.get("total").asInt());
        for (JsonNode c : page.get("items")) {
            assertEquals("CLASS_III", c.get("tier").asText());
        }
        assertEquals(0, ApiServer.json(api.get("/api/v1/cameras?tier=CLASS_I", villager)).get("total").asInt());
        assertEquals(404, api.get("/api/v1/cameras/" + firstAt("341522101").id(), villager).statusCode());
    }

    @Test
    void filtersSortingAndPagination() throws Exception {
        JsonNode p1 = ApiServer.json(api.get("/api/v1/cameras?site=341522101&tier=CLASS_III&sort=name&order=desc"
                + "&offset=0&limit=10", county));
        JsonNode p2 = ApiServer.json(api.get("/api/v1/cameras?site=341522101&tier=CLASS_III&sort=name&order=desc"
                + "&offset=10&limit=10", county));
        assertEquals(112, p1.get("total").asInt());
        assertEquals(10, p1.get("items").size());
        String last1 = p1.get("items").get(9).get("name").asText();
        String first2 = p2.get("items").get(0).get("name").asText();
        assertTrue(last1.compareTo(first2) >= 0, last1 + " then " + first2);
        Set<String> ids = new HashSet<>();
        p1.get("items").forEach(c -> ids.add(c.get("id").asText()));
        p2.get("items").forEach(c -> assertFalse(ids.contains(c.get("id").asText())));
        assertEquals(1, ApiServer.json(api.get("/api/v1/cameras?q=%E5%9F%8E%E5%85%B3%E9%95%87%E6%94%BF%E5%BA%9C"
                + "%E9%97%A8%E5%8F%A3-2", county)).get("total").asInt(), "text search 城关镇政府门口-2");
        assertEquals(880, ApiServer.json(api.get("/api/v1/cameras?tag=&limit=1", county)).get("total").asInt());
        assertEquals(400, api.get("/api/v1/cameras?sort=password", county).statusCode());
        assertEquals(400, api.get("/api/v1/cameras?limit=100000", county).statusCode());
    }

    @Test
    void crudWithEtagsAndIfMatch() throws Exception {
        String body = "{\"name\":\"城关镇新卡口\",\"siteId\":\"341522101\",\"tier\":\"CLASS_I\",\"vendor\":\"DAHUA\","
                + "\"ip\":\"10.3.0.9\",\"tags\":[\"new\"],\"credentials\":{\"username\":\"admin\","
                + "\"password\":\"Zx@9#secret\"}}";
        HttpResponse<String> created = api.send("POST", "/api/v1/cameras", county, body);
        assertEquals(201, created.statusCode(), created.body());
        assertFalse(created.body().contains("Zx@9#secret"));
        assertFalse(created.body().contains("credentials"));
        JsonNode c = ApiServer.json(created);
        String id = c.get("id").asText();
        assertEquals("rtsp://10.3.0.9/cam/realmonitor?channel=1&subtype=0", c.get("profiles").get(0).get("url")
                .asText());
        assertEquals("\"1\"", created.headers().firstValue("ETag").orElseThrow());
        assertEquals("Zx@9#secret", api.registry.credentials(id).orElseThrow().password());

        String update = body.replace("城关镇新卡口", "城关镇新卡口二").replace(",\"credentials\":{\"username\":\"admin\","
                + "\"password\":\"Zx@9#secret\"}", "");
        assertEquals(428, api.send("PUT", "/api/v1/cameras/" + id, county, update).statusCode());
        HttpResponse<String> ok = api.send("PUT", "/api/v1/cameras/" + id, county, update, "If-Match", "\"1\"");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("\"2\"", ok.headers().firstValue("ETag").orElseThrow());
        HttpResponse<String> stale = api.send("PUT", "/api/v1/cameras/" + id, county,
                update.replace("二", "三"), "If-Match", "\"1\"");
        assertEquals(412, stale.statusCode());
        assertEquals("城关镇新卡口二", api.registry.camera(id).orElseThrow().name());
        assertEquals("Zx@9#secret", api.registry.credentials(id).orElseThrow().password(), "kept");
        HttpResponse<String> got = api.get("/api/v1/cameras/" + id, officer);
        assertEquals(200, got.statusCode());
        assertEquals("\"2\"", got.headers().firstValue("ETag").orElseThrow());

        assertEquals(403, api.send("DELETE", "/api/v1/cameras/" + id, officer, null, "If-Match", "\"2\"")
                .statusCode(), "a township officer views, does not edit");
        assertEquals(412, api.send("DELETE", "/api/v1/cameras/" + id, county, null, "If-Match", "\"1\"")
                .statusCode());
        assertEquals(204, api.send("DELETE", "/api/v1/cameras/" + id, county, null, "If-Match", "\"2\"")
                .statusCode());
        assertEquals(404, api.get("/api/v1/cameras/" + id, county).statusCode());
    }

    @Test
    void validationErrorsNameEveryBadField() throws Exception {
        HttpResponse<String> r = api.send("POST", "/api/v1/cameras", county,
                "{\"id\":\"34152201001329000001\",\"name\":\"\",\"siteId\":\"341522101\",\"tier\":\"CLASS_I\","
                        + "\"ip\":\"10.0.0.300\",\"latitude\":95}");
        assertEquals(400, r.statusCode());
        Set<String> fields = new HashSet<>();
        ApiServer.json(r).get("fields").forEach(f -> fields.add(f.get("field").asText()));
        assertEquals(Set.of("id", "name", "ip", "latitude"), fields);
    }

    @Test
    void importWithOneBadRowChangesNothingThenAGoodOneApplies() throws Exception {
        int before = api.registry.cameraCount();
        String csv = "id,name,siteId,tier,vendor,ip\n"
                + "34152201001320700001,导入一,341522101,CLASS_I,HIKVISION,10.4.0.1\n"
                + "34152201001320700002,导入二,341522101,CLASS_I,HIKVISION,10.4.0.999\n";
        HttpResponse<String> r = api.send("POST", "/api/v1/cameras/import?format=csv", county, csv,
                "Content-Type", "text/csv");
        assertEquals(400, r.statusCode());
        JsonNode rows = ApiServer.json(r).get("rows");
        assertEquals(1, rows.size());
        assertEquals(3, rows.get(0).get("line").asInt());
        assertEquals("ip", rows.get(0).get("field").asText());
        assertEquals(before, api.registry.cameraCount());

        HttpResponse<String> ok = api.send("POST", "/api/v1/cameras/import?format=csv", county,
                csv.replace("10.4.0.999", "10.4.0.2"), "Content-Type", "text/csv");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(2, ApiServer.json(ok).get("created").asInt());
        assertEquals(before + 2, api.registry.cameraCount());

        HttpResponse<String> outside = api.send("POST", "/api/v1/cameras/import?format=csv",
                api.login("fix", ApiServer.PASSWORD), csv.replace("10.4.0.999", "10.4.0.2"),
                "Content-Type", "text/csv");
        assertEquals(400, outside.statusCode(), "maintenance of township 2 may not touch township 1");
        for (String id : new String[] {"34152201001320700001", "34152201001320700002"}) {
            Camera c = api.registry.camera(id).orElseThrow();
            api.registry.deleteCamera(id, c.version(), org.sharpeye.registry.Actor.system());
        }
    }

    @Test
    void exportRoundTripsThroughImport() throws Exception {
        HttpResponse<String> csv = api.get("/api/v1/cameras/export?format=csv&site=341522101201", county);
        assertEquals(200, csv.statusCode());
        assertEquals(9, csv.body().split("\r\n").length, "header and 8 cameras");
        assertFalse(csv.body().contains(api.demo.credentials().password()));
        HttpResponse<String> back = api.send("POST", "/api/v1/cameras/import?format=csv", county, csv.body(),
                "Content-Type", "text/csv");
        assertEquals(200, back.statusCode(), back.body());
        assertEquals(8, ApiServer.json(back).get("updated").asInt());
        HttpResponse<String> json = api.get("/api/v1/cameras/export?format=json&site=341522101201", villager);
        assertEquals(8, ApiServer.json(json).size());
    }

    @Test
    void usersAndAuditAreForAdminsAndNeverShowPasswords() throws Exception {
        assertEquals(403, api.get("/api/v1/users", county).statusCode());
        assertEquals(403, api.get("/api/v1/audit", county).statusCode());
        HttpResponse<String> users = api.get("/api/v1/users", admin);
        assertEquals(200, users.statusCode());
        assertFalse(users.body().contains("$2a$"), "no hashes");
        HttpResponse<String> created = api.send("POST", "/api/v1/users", admin,
                "{\"username\":\"sun\",\"role\":\"VILLAGE_VIEWER\",\"siteId\":\"341522101202\","
                        + "\"password\":\"a-long-password\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertFalse(created.body().contains("a-long-password"));
        String sun = api.login("sun", "a-long-password");
        assertEquals(8, ApiServer.json(api.get("/api/v1/cameras", sun)).get("total").asInt());
        HttpResponse<String> disabled = api.send("PUT", "/api/v1/users/sun", admin,
                "{\"role\":\"VILLAGE_VIEWER\",\"siteId\":\"341522101202\",\"enabled\":false}", "If-Match", "\"1\"");
        assertEquals(200, disabled.statusCode(), disabled.body());
        assertEquals(401, api.get("/api/v1/cameras", sun).statusCode(), "a disabled user's token stops working");

        HttpResponse<String> audit = api.get("/api/v1/audit?user=admin&limit=50", admin);
        assertEquals(200, audit.statusCode());
        boolean sawUserCreate = false;
        for (JsonNode e : ApiServer.json(audit).get("items")) {
            assertEquals("admin", e.get("actor").asText());
            assertEquals("127.0.0.1", e.get("remoteAddress").asText());
            sawUserCreate |= e.get("action").asText().equals("CREATE") && e.get("targetId").asText().equals("sun");
        }
        assertTrue(sawUserCreate);
        assertFalse(audit.body().contains("a-long-password"));
    }

    @Test
    void sitesAreScopedAndMovingOneMovesItsCameras() throws Exception {
        JsonNode sites = ApiServer.json(api.get("/api/v1/sites", officer));
        Set<String> ids = new HashSet<>();
        sites.get("items").forEach(s -> ids.add(s.get("id").asText()));
        assertTrue(ids.contains("341522") && ids.contains("341522101") && ids.contains("341522101214"));
        assertFalse(ids.contains("341522102"));
        HttpResponse<String> village = api.get("/api/v1/sites/341522107201", admin);
        String etag = village.headers().firstValue("ETag").orElseThrow();
        int before = ApiServer.json(api.get("/api/v1/cameras?site=341522106", admin)).get("total").asInt();
        HttpResponse<String> moved = api.send("PUT", "/api/v1/sites/341522107201", admin,
                "{\"name\":\"" + ApiServer.json(village).get("name").asText() + "\",\"kind\":\"VILLAGE\","
                        + "\"parentId\":\"341522106\",\"centreCode\":\"34152207\"}", "If-Match", etag);
        assertEquals(200, moved.statusCode(), moved.body());
        assertEquals(before + 7, ApiServer.json(api.get("/api/v1/cameras?site=341522106", admin)).get("total")
                .asInt());
        assertNotEquals(etag, moved.headers().firstValue("ETag").orElseThrow());
    }

    @Test
    void theOpenApiDocumentListsExactlyTheRoutesServed() throws Exception {
        String yaml = api.get("/api/v1/openapi.yaml", null).body();
        JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml);
        Set<String> documented = new HashSet<>();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
            if (!m.equals("parameters")) {
                documented.add(m.toUpperCase() + " " + p.getKey());
            }
        }));
        Set<String> served = new HashSet<>();
        for (io.vertx.ext.web.Route r : api.router.getRoutes()) {
            if (r.getPath() == null || r.methods() == null || r.methods().isEmpty()) {
                continue;
            }
            String path = r.getPath().replace(RegistryApi.BASE, "").replaceAll(":([a-z]+)", "{$1}");
            r.methods().forEach(m -> served.add(m.name() + " " + path));
        }
        assertEquals(documented, served);
    }
}
