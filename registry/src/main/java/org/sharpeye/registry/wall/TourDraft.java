package org.sharpeye.registry.wall;

import java.util.List;

/** A tour as a client asks for it. */
public record TourDraft(String name, String siteId, List<String> cameraIds, Integer dwellSeconds, String profile) {
}
