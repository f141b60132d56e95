package org.sharpeye.gateway.wall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeye.gateway.events.EventClient;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraQuery;
import org.sharpeye.registry.RegistryJson;
import org.sharpeye.registry.health.HealthObservation;
import org.sharpeye.registry.health.HealthReason;
import org.sharpeye.registry.health.HealthSource;
import org.sharpeye.registry.store.AuditQuery;

/**
 * The walls and tours API on a real node (WallRig: embedded H2 store, real HTTP server and event WebSocket): CRUD,
 * validation, versions, township isolation, live events between operators, tours and alarm linkage.
 */
class WallApiTest {
    @TempDir
    static Path dataDir;
    private static WallRig rig;
    private static String admin;
    private static String zhao;
    private static String wang;
    private static String chen;
    /** Cameras of township A (wang's) and B (chen's). */
    private static List<String> camsA;
    private static List<String> camsB;

    @BeforeAll
    static void start() throws Exception {
        rig = WallRig.start(dataDir);
        admin = rig.login("admin");
        zhao = rig.login("zhao");
        wang = rig.login("wang");
        chen = rig.login("chen");
        camsA = camerasOf(WallRig.TOWNSHIP_A);
        camsB = camerasOf(WallRig.TOWNSHIP_B);
    }

    @AfterAll
    static void stop() throws Exception {
        rig.close();
    }

    private static List<String> camerasOf(String township) {
        List<String> out = new ArrayList<>();
        for (Camera c : rig.registry.cameras(null, CameraQuery.all(Integer.MAX_VALUE)).items()) {
            if (rig.registry.sites().isWithin(c.siteId(), township)) {
                out.add(c.id());
            }
        }
        assertTrue(out.size() >= 6, "the demo county has cameras in " + township);
        return out;
    }

    private static String q(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    private static JsonNode create(String token, String body) throws Exception {
        HttpResponse<String> r = rig.send("POST", "/api/v1/walls", token, body);
        assertEquals(201, r.statusCode(), r.body());
        return WallRig.json(r);
    }

    private static JsonNode wallOfA(String name, String layout, Integer alarmTile) throws Exception {
        return create(wang, "{\"name\":\"" + name + "\",\"siteId\":\"" + WallRig.TOWNSHIP_A + "\",\"layout\":\""
                + layout + "\",\"alarmTile\":" + alarmTile + "}");
    }

    private static HttpResponse<String> putTile(String token, String wallId, int index, String camera, Long version)
            throws Exception {
        return rig.send("PUT", "/api/v1/walls/" + wallId + "/tiles/" + index, token,
                "{\"cameraId\":" + q(camera) + (version == null ? "" : ",\"version\":" + version) + "}");
    }

    private static String fieldsOf(HttpResponse<String> r) throws Exception {
        return WallRig.json(r).path("fields").toString();
    }

    // ---- CRUD and layouts

    @Test
    void aWallIsCreatedReadChangedListedAndDeletedAndEveryChangeIsAudited() throws Exception {
        JsonNode w = create(admin, "{\"name\":\"城关镇 主屏\",\"siteId\":\"" + WallRig.TOWNSHIP_A
                + "\",\"layout\":\"4\",\"tiles\":[{\"index\":0,\"cameraId\":\"" + camsA.get(0) + "\"}],"
                + "\"alarmTile\":3}");
        String id = w.get("id").asText();
        assertTrue(id.startsWith("w-"), id);
        assertEquals(1, w.get("version").asLong());
        assertEquals("admin", w.get("updatedBy").asText());
        assertEquals(2, w.get("grid").get("rows").asInt());
        assertEquals(2, w.get("grid").get("cols").asInt());
        assertEquals(4, w.get("tiles").size());
        assertEquals(camsA.get(0), w.get("tiles").get(0).get("cameraId").asText());
        assertEquals("main", w.get("tiles").get(0).get("profile").asText(), "4 tiles: main by default");
        assertTrue(w.get("tiles").get(1).get("cameraId").isNull());
        assertEquals(3, w.get("alarmTile").asInt());

        JsonNode read = WallRig.json(rig.send("GET", "/api/v1/walls/" + id, admin, null));
        assertEquals(w, read);
        JsonNode list = WallRig.json(rig.send("GET", "/api/v1/walls?siteId=" + WallRig.TOWNSHIP_A, admin, null));
        assertTrue(list.get("items").findValues("id").stream().anyMatch(n -> n.asText().equals(id)));
        JsonNode other = WallRig.json(rig.send("GET", "/api/v1/walls?siteId=" + WallRig.TOWNSHIP_B, admin, null));
        assertFalse(other.get("items").findValues("id").stream().anyMatch(n -> n.asText().equals(id)),
                "siteId filters the subtree");

        // PUT the wall as read, changed to 9 tiles: version 2, sub stream by default
        ((com.fasterxml.jackson.databind.node.ObjectNode) read).put("layout", "9").put("name", "主屏 九宫格");
        HttpResponse<String> put = rig.send("PUT", "/api/v1/walls/" + id, admin, read.toString());
        assertEquals(200, put.statusCode(), put.body());
        JsonNode nine = WallRig.json(put);
        assertEquals(2, nine.get("version").asLong());
        assertEquals(9, nine.get("tiles").size());
        assertEquals(3, nine.get("grid").get("rows").asInt());
        assertEquals("sub", nine.get("tiles").get(0).get("profile").asText(), "9 tiles and up: sub by default");
        assertEquals(camsA.get(0), nine.get("tiles").get(0).get("cameraId").asText());

        HttpResponse<String> del = rig.send("DELETE", "/api/v1/walls/" + id + "?version=2", admin, null);
        assertEquals(204, del.statusCode(), del.body());
        assertEquals(404, rig.send("GET", "/api/v1/walls/" + id, admin, null).statusCode());

        List<String> actions = rig.registry.audit(new AuditQuery(null, null, null, id, 100)).stream()
                .filter(e -> "wall".equals(e.targetKind()) && id.equals(e.targetId()))
                .map(e -> e.action() + " by " + e.actor() + " from " + e.remoteAddress()).toList();
        assertEquals(java.util.Set.of("DELETE by admin from 127.0.0.1", "UPDATE by admin from 127.0.0.1",
                "CREATE by admin from 127.0.0.1"), java.util.Set.copyOf(actions));
        assertEquals(3, actions.size());
    }

    @Test
    void namedLayoutsGetTheirGridAndSpansAndACustomGridItsOwn() throws Exception {
        JsonNode six = wallOfA("六分屏", "6", null);
        assertEquals(6, six.get("tiles").size());
        assertEquals(3, six.get("grid").get("rows").asInt());
        assertEquals(2, six.get("tiles").get(0).get("span").get("rows").asInt());
        assertFalse(six.get("tiles").get(1).has("span"));
        JsonNode eight = wallOfA("八分屏", "8", null);
        assertEquals(8, eight.get("tiles").size());
        assertEquals(4, eight.get("grid").get("cols").asInt());
        assertEquals(3, eight.get("tiles").get(0).get("span").get("cols").asInt());
        assertEquals(16, wallOfA("十六分屏", "16", null).get("tiles").size());
        assertEquals(1, wallOfA("单屏", "1", null).get("tiles").size());
        // custom 2x3 with a 2x2 tile 0: 1 big + 2 small
        JsonNode custom = create(wang, "{\"name\":\"自定义\",\"siteId\":\"" + WallRig.TOWNSHIP_A
                + "\",\"layout\":\"custom\",\"grid\":{\"rows\":2,\"cols\":3},"
                + "\"tiles\":[{\"index\":0,\"cameraId\":null,\"span\":{\"rows\":2,\"cols\":2}}]}");
        assertEquals(3, custom.get("tiles").size());
        assertEquals(2, custom.get("tiles").get(0).get("span").get("rows").asInt());
    }

    // ---- validation

    @Test
    void badWallsAreRefusedNamingTheField() throws Exception {
        String base = "{\"name\":\"x\",\"siteId\":\"" + WallRig.TOWNSHIP_A + "\",";
        HttpResponse<String> r = rig.send("POST", "/api/v1/walls", wang, base + "\"layout\":\"5\"}");
        assertEquals(400, r.statusCode());
        assertTrue(fieldsOf(r).contains("layout"), r.body());
        r = rig.send("POST", "/api/v1/walls", wang, base + "\"layout\":\"custom\",\"grid\":{\"rows\":9,\"cols\":2}}");
        assertEquals(400, r.statusCode());
        assertTrue(fieldsOf(r).contains("grid"), r.body());
        r = rig.send("POST", "/api/v1/walls", wang, base + "\"layout\":\"custom\",\"grid\":{\"rows\":2,\"cols\":2},"
                + "\"tiles\":[{\"index\":1,\"span\":{\"rows\":2,\"cols\":2}}]}");
        assertEquals(400, r.statusCode(), "a span that does not fit");
        assertTrue(r.body().contains("does not fit"), r.body());
        r = rig.send("POST", "/api/v1/walls", wang, base + "\"layout\":\"4\",\"tiles\":[{\"index\":4}]}");
        assertEquals(400, r.statusCode());
        assertTrue(fieldsOf(r).contains("tiles[0].index"), r.body());
        r = rig.send("POST", "/api/v1/walls", wang, base + "\"layout\":\"4\",\"alarmTile\":4}");
        assertEquals(400, r.statusCode());
        assertTrue(fieldsOf(r).contains("alarmTile"), r.body());
        r = rig.send("POST", "/api/v1/walls", wang, base + "\"layout\":\"4\",\"tiles\":[{\"index\":0,"
                + "\"profile\":\"hd\"}]}");
        assertEquals(400, r.statusCode());
        assertTrue(fieldsOf(r).contains("tiles[0].profile"), r.body());
        r = rig.send("POST", "/api/v1/walls", wang, "{\"siteId\":\"" + WallRig.TOWNSHIP_A + "\",\"layout\":\"4\"}");
        assertEquals(400, r.statusCode());
        assertTrue(fieldsOf(r).contains("name"), r.body());
        r = rig.send("POST", "/api/v1/walls", wang, base + "\"layout\":\"4\",\"colour\":\"red\"}");
        assertEquals(400, r.statusCode(), "unknown fields are refused");

        String id = wallOfA("校验", "4", null).get("id").asText();
        r = putTile(wang, id, 4, camsA.get(0), null);
        assertEquals(400, r.statusCode(), "bad tile index");
        assertTrue(fieldsOf(r).contains("index"), r.body());
        r = rig.send("PUT", "/api/v1/walls/" + id, wang, base + "\"layout\":\"4\"}");
        assertEquals(400, r.statusCode(), "PUT needs the version read");
        assertTrue(fieldsOf(r).contains("version"), r.body());
        assertEquals(404, rig.send("GET", "/api/v1/walls/w-nosuchwall", wang, null).statusCode());
    }

    @Test
    void hostileBodiesAndPathsGetAClearRefusalNeverAnInternalError() throws Exception {
        String id = wallOfA("敌意输入", "4", null).get("id").asText();
        String[][] requests = {
            {"POST", "/api/v1/walls", "[]"}, {"POST", "/api/v1/walls", "null"}, {"POST", "/api/v1/walls", "{"},
            {"POST", "/api/v1/walls", "{\"name\":\"x\",\"siteId\":\"341522101\",\"layout\":\"4\",\"tiles\":[null]}"},
            {"POST", "/api/v1/walls", "{\"name\":\"x\",\"siteId\":\"nowhere\",\"layout\":\"4\"}"},
            {"POST", "/api/v1/walls", "{\"name\":\"x\",\"siteId\":\"341522101\",\"layout\":\"custom\","
                    + "\"grid\":{\"rows\":-1,\"cols\":2147483647}}"},
            {"PUT", "/api/v1/walls/" + id + "/tiles/99999999999", "{\"cameraId\":null}"},
            {"PUT", "/api/v1/walls/" + id + "/tiles/-1", "{\"cameraId\":null}"},
            {"PUT", "/api/v1/walls/" + id + "/tiles/0", "{\"cameraId\":[1]}"},
            {"PUT", "/api/v1/walls/" + id + "/tiles/0", "{\"cameraId\":null,\"version\":\"x\"}"},
            {"GET", "/api/v1/walls/..%2F..%2Fetc", null}, {"DELETE", "/api/v1/walls/" + id + "?version=abc", null},
            {"POST", "/api/v1/walls/" + id + "/tours", "{\"tourId\":\"t-none\",\"tile\":0}"},
            {"POST", "/api/v1/walls/" + id + "/tours", "{\"tile\":7}"},
            {"POST", "/api/v1/tours", "{\"name\":\"t\",\"siteId\":\"341522101\",\"cameraIds\":null,\"dwellSeconds\":5}"},
            {"POST", "/api/v1/tours", "{\"name\":\"t\",\"siteId\":\"341522101\",\"cameraIds\":[null,\"\"],"
                    + "\"dwellSeconds\":5}"},
        };
        for (String[] q : requests) {
            HttpResponse<String> r = rig.send(q[0], q[1], wang, q[2]);
            assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, q[0] + " " + q[1] + " " + q[2] + " -> "
                    + r.statusCode() + " " + r.body());
            assertTrue(WallRig.json(r).has("error"), r.body());
        }
        assertEquals(401, rig.send("GET", "/api/v1/walls", null, null).statusCode());
    }

    @Test
    void aTileMayHoldOnlyACameraTheUserMaySee() throws Exception {
        HttpResponse<String> r = rig.send("POST", "/api/v1/walls", wang, "{\"name\":\"越界\",\"siteId\":\""
                + WallRig.TOWNSHIP_A + "\",\"layout\":\"4\",\"tiles\":[{\"index\":2,\"cameraId\":\""
                + camsB.get(0) + "\"}]}");
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("tile 2"), r.body());
        String id = wallOfA("越界2", "4", null).get("id").asText();
        r = putTile(wang, id, 1, camsB.get(0), null);
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("tile 1"), r.body());
        assertEquals(403, putTile(wang, id, 1, "34152200000000000999", null).statusCode(), "unknown camera");
        assertEquals(200, putTile(wang, id, 1, camsA.get(1), null).statusCode());
    }

    @Test
    void badToursAreRefused() throws Exception {
        String base = "{\"name\":\"轮巡\",\"siteId\":\"" + WallRig.TOWNSHIP_A + "\",";
        HttpResponse<String> r = rig.send("POST", "/api/v1/tours", wang, base + "\"cameraIds\":[\"" + camsA.get(0)
                + "\",\"" + camsA.get(1) + "\"],\"dwellSeconds\":2}");
        assertEquals(400, r.statusCode());
        assertTrue(fieldsOf(r).contains("dwellSeconds"), r.body());
        r = rig.send("POST", "/api/v1/tours", wang, base + "\"cameraIds\":[\"" + camsA.get(0)
                + "\"],\"dwellSeconds\":5}");
        assertEquals(400, r.statusCode());
        assertTrue(fieldsOf(r).contains("cameraIds"), r.body());
        r = rig.send("POST", "/api/v1/tours", wang, base + "\"cameraIds\":[\"" + camsA.get(0) + "\",\""
                + camsB.get(0) + "\"],\"dwellSeconds\":5}");
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("cameraIds[1]"), r.body());
    }

    // ---- versions

    @Test
    void aStaleVersionIsAConflictCarryingTheCurrentWall() throws Exception {
        JsonNode w = wallOfA("冲突", "4", null);
        String id = w.get("id").asText();
        String asRead = w.toString();
        assertEquals(200, rig.send("PUT", "/api/v1/walls/" + id, wang,
                asRead.replace("\"name\":\"冲突\"", "\"name\":\"冲突 A\"")).statusCode());
        HttpResponse<String> late = rig.send("PUT", "/api/v1/walls/" + id, zhao,
                asRead.replace("\"name\":\"冲突\"", "\"name\":\"冲突 B\""));
        assertEquals(409, late.statusCode(), late.body());
        JsonNode body = WallRig.json(late);
        assertEquals("version conflict", body.get("error").asText());
        assertEquals(2, body.get("current").get("version").asLong());
        assertEquals("冲突 A", body.get("current").get("name").asText());

        HttpResponse<String> staleTile = putTile(zhao, id, 0, camsA.get(0), 1L);
        assertEquals(409, staleTile.statusCode(), staleTile.body());
        HttpResponse<String> lastWriterWins = putTile(zhao, id, 0, camsA.get(0), null);
        assertEquals(200, lastWriterWins.statusCode(), lastWriterWins.body());
        assertEquals(3, WallRig.json(lastWriterWins).get("version").asLong());
        assertEquals(409, rig.send("DELETE", "/api/v1/walls/" + id + "?version=2", wang, null).statusCode());
    }

    // ---- township isolation

    @Test
    void aTownshipOfficerSeesAndChangesOnlyWallsOfTheirTownship() throws Exception {
        String id = wallOfA("城关镇 隔离", "4", null).get("id").asText();
        assertEquals(404, rig.send("GET", "/api/v1/walls/" + id, chen, null).statusCode());
        assertEquals(404, putTile(chen, id, 0, camsB.get(0), null).statusCode());
        assertEquals(404, rig.send("DELETE", "/api/v1/walls/" + id, chen, null).statusCode());
        JsonNode chensList = WallRig.json(rig.send("GET", "/api/v1/walls", chen, null));
        assertFalse(chensList.get("items").findValues("siteId").stream()
                .anyMatch(n -> n.asText().equals(WallRig.TOWNSHIP_A)), chensList.toString());
        HttpResponse<String> county = rig.send("POST", "/api/v1/walls", wang, "{\"name\":\"县屏\",\"siteId\":\"341522\","
                + "\"layout\":\"4\"}");
        assertEquals(403, county.statusCode(), "a township officer keeps no walls at the county");
        assertEquals(200, rig.send("GET", "/api/v1/walls/" + id, zhao, null).statusCode(), "the county sees it");
    }

    // ---- live events

    @Test
    void anotherOperatorsChangeReachesTheWallsViewersLiveAndNobodyElse() throws Exception {
        String wallA = wallOfA("共享屏", "4", null).get("id").asText();
        String wallB = create(chen, "{\"name\":\"新店镇 屏\",\"siteId\":\"" + WallRig.TOWNSHIP_B
                + "\",\"layout\":\"4\"}").get("id").asText();
        try (EventClient wangs = rig.events(wang); EventClient chens = rig.events(chen)) {
            // wait until both streams are subscribed: each sees its own probe change
            awaitSubscribed(wangs, wang, wallA);
            awaitSubscribed(chens, chen, wallB);
            HttpResponse<String> r = putTile(zhao, wallA, 2, camsA.get(3), null);
            assertEquals(200, r.statusCode(), r.body());
            long version = WallRig.json(r).get("version").asLong();
            JsonNode e = wangs.await(n -> wallEvent("wall.updated", wallA).test(n)
                    && n.get("wall").get("version").asLong() == version);
            assertEquals(camsA.get(3), e.get("wall").get("tiles").get(2).get("cameraId").asText());
            assertEquals(WallRig.TOWNSHIP_A, e.get("siteId").asText());
            assertEquals("zhao", e.get("wall").get("updatedBy").asText());
            assertTrue(e.has("id") && e.has("at"), e.toString());
            // a later event of chen's own wall has arrived, so an event of wall A would have too
            assertEquals(200, putTile(chen, wallB, 0, camsB.get(1), null).statusCode());
            chens.await(n -> wallEvent("wall.updated", wallB).test(n)
                    && camsB.get(1).equals(n.get("wall").get("tiles").get(0).get("cameraId").asText()));
            assertTrue(chens.received().stream().noneMatch(n -> n.toString().contains(wallA)),
                    "chen may not see township A's walls");
        }
    }

    /** Events of {@code type} about {@code wallId} (in the wallId field or the wall). */
    private static Predicate<JsonNode> wallEvent(String type, String wallId) {
        return n -> type.equals(n.path("type").asText()) && (wallId.equals(n.path("wallId").asText())
                || wallId.equals(n.path("wall").path("id").asText()));
    }

    private static void awaitSubscribed(EventClient client, String token, String wallId) throws Exception {
        // the server subscribes just after the upgrade; repeat a harmless change until one is seen
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> r = putTile(token, wallId, 3, null, null);
            long version = WallRig.json(r).get("version").asLong();
            try {
                client.await(n -> wallEvent("wall.updated", wallId).test(n)
                        && n.get("wall").get("version").asLong() >= version, 200);
                return;
            } catch (java.util.concurrent.TimeoutException e) {
                // not subscribed yet
            }
        }
        throw new AssertionError("the event stream never subscribed");
    }

    // ---- tours

    private static JsonNode tour(String token, List<String> cameras, int dwell) throws Exception {
        HttpResponse<String> r = rig.send("POST", "/api/v1/tours", token, "{\"name\":\"巡逻\",\"siteId\":\""
                + WallRig.TOWNSHIP_A + "\",\"cameraIds\":" + RegistryJson.write(cameras) + ",\"dwellSeconds\":"
                + dwell + "}");
        assertEquals(201, r.statusCode(), r.body());
        return WallRig.json(r);
    }

    @Test
    void aTourAdvancesOnItsTileAnnouncingTheNextCameraFirstAndWarmingIt() throws Exception {
        List<String> cams = camsA.subList(0, 3);
        String tourId = tour(wang, cams, 10).get("id").asText();
        String wallId = wallOfA("轮巡屏", "4", null).get("id").asText();
        try (EventClient events = rig.events(wang)) {
            awaitSubscribed(events, wang, wallId);
            HttpResponse<String> r = startRun(wallId, tourId, "1");
            assertEquals(201, r.statusCode(), r.body());
            JsonNode run = WallRig.json(r);
            String runId = run.get("runId").asText();
            assertEquals(0, run.get("step").asInt());
            assertEquals(1, run.get("tile").asInt());
            assertEquals(cams.get(0), WallRig.json(rig.send("GET", "/api/v1/walls/" + wallId, wang, null))
                    .get("tiles").get(1).get("cameraId").asText(), "step 0 shows at once");
            assertEquals(409, startRun(wallId, tourId, "1").statusCode(), "one run per tile");
            assertEquals(409, startRun(wallId, tourId, "null").statusCode(), "a whole-wall run overlaps");

            // 8 s on: inside the 2 s before the step, tour.next comes but no step yet
            rig.clock.advance(Duration.ofSeconds(8));
            JsonNode next = events.await(n -> "tour.next".equals(n.path("type").asText())
                    && runId.equals(n.path("runId").asText()));
            assertEquals(cams.get(1), next.get("cameraId").asText());
            assertEquals(1, next.get("tile").asInt());
            assertEquals(wallId, next.get("wallId").asText());
            assertTrue(rig.warmed.contains(cams.get(1) + "/main"), rig.warmed.toString());
            assertEquals(2.0, next.get("inSeconds").asDouble(), 0.001);
            assertEquals(cams.get(0), WallRig.json(rig.send("GET", "/api/v1/walls/" + wallId, wang, null))
                    .get("tiles").get(1).get("cameraId").asText(), "the tour clock stands 2 s before the step");
            rig.clock.advance(Duration.ofSeconds(2));
            JsonNode step = events.await(n -> "tour.step".equals(n.path("type").asText())
                    && runId.equals(n.path("runId").asText()) && n.path("step").asInt() == 1);
            assertEquals(cams.get(1), step.get("cameraId").asText());
            List<JsonNode> all = events.received();
            assertTrue(indexOf(all, next) < indexOf(all, step), "tour.next precedes tour.step");
            JsonNode wall = WallRig.json(rig.send("GET", "/api/v1/walls/" + wallId, wang, null));
            assertEquals(cams.get(1), wall.get("tiles").get(1).get("cameraId").asText());
            JsonNode runs = WallRig.json(rig.send("GET", "/api/v1/walls/" + wallId + "/tours", wang, null));
            assertEquals(1, runs.get("items").get(0).get("step").asInt());

            assertEquals(204, rig.send("DELETE", "/api/v1/walls/" + wallId + "/tours/" + runId, wang, null)
                    .statusCode());
            assertEquals(0, WallRig.json(rig.send("GET", "/api/v1/walls/" + wallId + "/tours", wang, null))
                    .get("items").size());
            assertTrue(rig.registry.audit(new AuditQuery(null, null, null, wallId, 200)).stream().anyMatch(
                    e -> "tour-run".equals(e.targetKind()) && wallId.equals(e.targetId())), "runs are audited");
        }
    }

    /** Starts a run of {@code tourId} on a wall; {@code tile}: a tile number, "null" (whole wall) or null (none). */
    private static HttpResponse<String> startRun(String wallId, String tourId, String tile) throws Exception {
        return rig.send("POST", "/api/v1/walls/" + wallId + "/tours", wang, "{\"tourId\":\"" + tourId + "\""
                + (tile == null ? "" : ",\"tile\":" + tile) + "}");
    }

    private static int indexOf(List<JsonNode> all, JsonNode n) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) == n) {
                return i;
            }
        }
        throw new AssertionError("not received: " + n);
    }

    @Test
    void aWholeWallTourShiftsEveryTileAndStopsWhenItsWallOrTourIsDeleted() throws Exception {
        List<String> cams = camsA.subList(0, 5);
        String tourId = tour(wang, cams, 3).get("id").asText();
        String wallId = wallOfA("全屏轮巡", "4", null).get("id").asText();
        try (EventClient events = rig.events(wang)) {
            awaitSubscribed(events, wang, wallId);
            HttpResponse<String> r = startRun(wallId, tourId, "null");
            assertEquals(201, r.statusCode(), r.body());
            String runId = WallRig.json(r).get("runId").asText();
            rig.clock.advance(Duration.ofSeconds(3));
            events.await(n -> "tour.step".equals(n.path("type").asText()) && runId.equals(n.path("runId").asText())
                    && n.path("step").asInt() == 1 && n.path("tile").asInt() == 3);
            JsonNode wall = WallRig.json(rig.send("GET", "/api/v1/walls/" + wallId, wang, null));
            for (int i = 0; i < 4; i++) {
                assertEquals(cams.get((1 + i) % 5), wall.get("tiles").get(i).get("cameraId").asText(), "tile " + i);
            }
            assertEquals(204, rig.send("DELETE", "/api/v1/walls/" + wallId, wang, null).statusCode());
            JsonNode stopped = events.await(n -> "tour.stopped".equals(n.path("type").asText())
                    && runId.equals(n.path("runId").asText()));
            assertTrue(stopped.get("reason").asText().contains("wall"), stopped.toString());

            String wall2 = wallOfA("全屏轮巡 2", "4", null).get("id").asText();
            r = startRun(wall2, tourId, null);
            assertEquals(201, r.statusCode(), r.body());
            String run2 = WallRig.json(r).get("runId").asText();
            assertEquals(204, rig.send("DELETE", "/api/v1/tours/" + tourId, wang, null).statusCode());
            events.await(n -> "tour.stopped".equals(n.path("type").asText()) && run2.equals(n.path("runId").asText()));
            assertEquals(0, WallRig.json(rig.send("GET", "/api/v1/walls/" + wall2 + "/tours", wang, null))
                    .get("items").size());
        }
    }

    // ---- alarm linkage

    @Test
    void anOpenedAlertPopsItsCameraOntoTheAlarmTileOfWallsOfItsSite() throws Exception {
        String wallId = wallOfA("报警联动", "4", 3).get("id").asText();
        String noAlarm = wallOfA("无联动", "4", null).get("id").asText();
        String camera = camsA.get(4);
        String tourId = tour(wang, camsA.subList(0, 2), 30).get("id").asText();
        try (EventClient events = rig.events(wang)) {
            awaitSubscribed(events, wang, wallId);
            HttpResponse<String> started = startRun(wallId, tourId, "3");
            assertEquals(201, started.statusCode(), started.body());
            String runId = WallRig.json(started).get("runId").asText();
            rig.monitor.observe(HealthObservation.offline(camera, "main", HealthSource.PROBE,
                    HealthReason.UNREACHABLE, "no route to host", null, Instant.now()));
            JsonNode alarm = events.await(n -> wallEvent("wall.alarm", wallId).test(n));
            assertEquals(camera, alarm.get("cameraId").asText());
            assertEquals(3, alarm.get("tile").asInt());
            assertFalse(alarm.get("alertId").asText().isEmpty());
            JsonNode wall = WallRig.json(rig.send("GET", "/api/v1/walls/" + wallId, wang, null));
            assertEquals(camera, wall.get("tiles").get(3).get("cameraId").asText());
            assertEquals("alarm", wall.get("updatedBy").asText());
            JsonNode untouched = WallRig.json(rig.send("GET", "/api/v1/walls/" + noAlarm, wang, null));
            assertTrue(untouched.get("tiles").get(3).get("cameraId").isNull(), "no alarm tile, no pop");
            JsonNode stopped = events.await(n -> "tour.stopped".equals(n.path("type").asText())
                    && runId.equals(n.path("runId").asText()));
            assertTrue(stopped.get("reason").asText().contains("alarm"), "the alarm takes the tile from the tour");
            assertTrue(rig.registry.audit(new AuditQuery(null, null, null, wallId, 200)).stream().anyMatch(e -> "alarm".equals(e.actor())
                    && wallId.equals(e.targetId())), "the pop is audited");
        }
    }
}
