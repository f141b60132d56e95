package org.sharpeye.registry.health;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.sharpeye.registry.CameraTier;

/**
 * The online rate of the cameras a user may see under a site, over the days {@code from}..{@code to} (inclusive):
 * in total, by tier, by child site (each child's whole subtree), and per camera when one camera was asked for.
 */
public record OnlineRateReport(String siteId, LocalDate from, LocalDate to, OnlineRate total,
        Map<CameraTier, OnlineRate> byTier, List<SiteRate> bySite, List<CameraRate> cameras) {

    /** A child site's subtree figures. */
    public record SiteRate(String siteId, String name, OnlineRate rate) {
    }

    /** One camera's figures. */
    public record CameraRate(String cameraId, String name, OnlineRate rate) {
    }
}
