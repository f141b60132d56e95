package org.sharpeye.gateway.live;

import io.vertx.core.json.JsonObject;

/** How a finished view is written in the audit log: the details beside who, camera, when and from where. */
public final class ViewAudit {

    private ViewAudit() {
    }

    /** The JSON details of a view: profile, output, start, end, seconds and bytes. */
    public static String details(ViewRecord view) {
        return new JsonObject()
                .put("profile", view.profile())
                .put("output", view.output())
                .put("start", view.start().toString())
                .put("end", view.end().toString())
                .put("seconds", java.time.Duration.between(view.start(), view.end()).toMillis() / 1000.0)
                .put("bytes", view.bytes())
                .encode();
    }
}
