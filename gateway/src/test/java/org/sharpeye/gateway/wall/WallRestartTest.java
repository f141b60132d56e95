package org.sharpeye.gateway.wall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraQuery;

/** Walls and tours live in the embedded store: a restarted node serves them as they were saved. */
class WallRestartTest {
    @TempDir
    Path dataDir;

    @Test
    void wallsAndToursSurviveARestart() throws Exception {
        JsonNode wall;
        JsonNode tour;
        try (WallRig rig = WallRig.start(dataDir)) {
            String wang = rig.login("wang");
            java.util.List<String> cams = rig.registry.cameras(null, CameraQuery.all(Integer.MAX_VALUE)).items()
                    .stream().filter(c -> rig.registry.sites().isWithin(c.siteId(), WallRig.TOWNSHIP_A))
                    .map(Camera::id).limit(3).toList();
            HttpResponse<String> r = rig.send("POST", "/api/v1/walls", wang, "{\"name\":\"重启屏\",\"siteId\":\""
                    + WallRig.TOWNSHIP_A + "\",\"layout\":\"6\",\"alarmTile\":5,\"tiles\":[{\"index\":0,"
                    + "\"cameraId\":\"" + cams.get(0) + "\",\"profile\":\"sub\"}]}");
            assertEquals(201, r.statusCode(), r.body());
            String id = WallRig.json(r).get("id").asText();
            r = rig.send("PUT", "/api/v1/walls/" + id + "/tiles/4", wang, "{\"cameraId\":\"" + cams.get(1) + "\"}");
            assertEquals(200, r.statusCode(), r.body());
            wall = WallRig.json(r);
            r = rig.send("POST", "/api/v1/tours", wang, "{\"name\":\"重启轮巡\",\"siteId\":\"" + WallRig.TOWNSHIP_A
                    + "\",\"cameraIds\":[\"" + cams.get(0) + "\",\"" + cams.get(2) + "\"],\"dwellSeconds\":15}");
            assertEquals(201, r.statusCode(), r.body());
            tour = WallRig.json(r);
        }
        try (WallRig rig = WallRig.start(dataDir)) {
            String wang = rig.login("wang");
            JsonNode again = WallRig.json(rig.send("GET", "/api/v1/walls/" + wall.get("id").asText(), wang, null));
            assertEquals(wall, again);
            assertEquals(2, again.get("version").asLong());
            JsonNode tourAgain = WallRig.json(rig.send("GET", "/api/v1/tours/" + tour.get("id").asText(), wang,
                    null));
            assertEquals(tour, tourAgain);
        }
    }
}
