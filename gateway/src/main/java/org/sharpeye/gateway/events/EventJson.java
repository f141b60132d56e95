package org.sharpeye.gateway.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.sharpeye.registry.RegistryJson;
import org.sharpeye.registry.health.Alert;
import org.sharpeye.registry.health.HealthEvent;
import org.sharpeye.registry.wall.WallEvent;

/**
 * The wire form of a health event, shared by WebSocket, SSE and webhooks:
 * {@code {"id","type","at","cameraId","siteId","status"|"alert":{...}}}; an alert carries {@code durationSeconds}.
 * Wall and tour events ({@link WallEvent}) carry their own fields instead of status or alert.
 */
public final class EventJson {
    private EventJson() {
    }

    /** The JSON text of {@code e}. */
    public static String write(HealthEvent e) {
        ObjectNode n = RegistryJson.mapper().createObjectNode();
        n.put("id", e.id());
        n.put("type", e.type());
        n.put("at", e.at().toString());
        n.put("cameraId", e.cameraId());
        n.put("siteId", e.siteId());
        if (e.data() instanceof Alert a) {
            n.set("alert", alert(a, e.at()));
        } else if (e.data() instanceof WallEvent w) {
            // wall and tour events (docs/walls.md): their fields sit beside the envelope's
            w.fields().forEach((k, v) -> n.set(k, RegistryJson.mapper().valueToTree(v)));
        } else {
            n.set("status", RegistryJson.mapper().valueToTree(e.data()));
        }
        return n.toString();
    }

    /** An alert as the API shows it: the record plus its duration so far, in seconds. */
    public static ObjectNode alert(Alert a, Instant now) {
        ObjectNode n = RegistryJson.mapper().valueToTree(a);
        n.put("durationSeconds", a.duration(now).toSeconds());
        return n;
    }
}
