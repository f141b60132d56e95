package org.sharpeye.gateway.api;

import java.util.regex.Pattern;
import org.sharpeye.registry.CameraIds;

/** Path-parameter checks: ids are plain tokens, never anything path-like, before they reach the registry. */
final class Ids {
    private static final Pattern CAMERA = Pattern.compile("[0-9]{20}");
    private static final Pattern SITE = Pattern.compile("[0-9A-Za-z][0-9A-Za-z_-]{0,39}");
    private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9_.-]{1,31}");

    private Ids() {
    }

    static String camera(String id) {
        if (id == null || !(CAMERA.matcher(id).matches() || CameraIds.isRegistryId(id))) {
            throw new ApiException(400, "malformed camera id: a 20-digit GB/T 28181 id or a registry id (cam-...)");
        }
        return id;
    }

    static String site(String id) {
        if (id == null || !SITE.matcher(id).matches()) {
            throw new ApiException(400, "malformed site id: 1-40 letters, digits, '_' or '-'");
        }
        return id;
    }

    static String username(String id) {
        if (id == null || !USERNAME.matcher(id).matches()) {
            throw new ApiException(400, "malformed username");
        }
        return id;
    }
}
