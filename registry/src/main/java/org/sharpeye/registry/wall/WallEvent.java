package org.sharpeye.registry.wall;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a wall event carries besides the common envelope (id, type, at, siteId, cameraId): for {@code wall.updated}
 * the wall, for {@code wall.deleted} its id, for {@code tour.next}, {@code tour.step} and {@code wall.alarm} the
 * wall id, run, tile, camera and step. Travels as the data of a health-event envelope on the gateway's event bus;
 * delivered only to users who may see {@code siteId} ({@link WallAccess}).
 */
public record WallEvent(String type, String siteId, String cameraId, Map<String, Object> fields) {
    public static final String WALL_UPDATED = "wall.updated";
    public static final String WALL_DELETED = "wall.deleted";
    public static final String WALL_ALARM = "wall.alarm";
    public static final String TOUR_NEXT = "tour.next";
    public static final String TOUR_STEP = "tour.step";

    public WallEvent {
        // values may be null (an empty tile, a whole-wall tour), which Map.copyOf refuses
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
