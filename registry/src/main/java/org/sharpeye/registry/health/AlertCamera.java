package org.sharpeye.registry.health;

import java.util.List;
import org.sharpeye.registry.CameraTier;

/**
 * What a maintenance crew needs to find a camera, copied into the alert when it opens.
 *
 * @param sitePath site names from the county down to the camera's site
 */
public record AlertCamera(String name, String siteId, List<String> sitePath, String address, Double latitude,
        Double longitude, String vendor, String model, String ip, CameraTier tier) {

    public AlertCamera {
        sitePath = sitePath == null ? List.of() : List.copyOf(sitePath);
    }
}
