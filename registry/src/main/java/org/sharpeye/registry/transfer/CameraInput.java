package org.sharpeye.registry.transfer;

import java.time.LocalDate;
import java.util.List;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraProfile;
import org.sharpeye.registry.CameraTier;
import org.sharpeye.registry.Credentials;
import org.sharpeye.registry.StreamMode;
import org.sharpeye.registry.Vendor;

/**
 * A camera as a client sends it (REST body, JSON import element): every field optional, with the defaults applied by
 * {@link #toCamera}; {@code credentials} is write-only; {@code version} is accepted (export writes it) and ignored.
 */
public record CameraInput(
        String id,
        String name,
        String siteId,
        CameraTier tier,
        List<CameraProfile> profiles,
        Vendor vendor,
        String model,
        String ip,
        Double latitude,
        Double longitude,
        String address,
        String owningUnit,
        String maintenanceContact,
        LocalDate installDate,
        Integer retentionDays,
        List<String> tags,
        List<String> groupIds,
        Boolean enabled,
        StreamMode mode,
        Double expectedOnlineHours,
        Long version,
        Credentials credentials) {

    /** Default recording retention, days. */
    public static final int DEFAULT_RETENTION_DAYS = 30;

    /** The camera, with defaults: vendor OTHER, retention 30 days, enabled, on demand, 24 expected hours a day. */
    public Camera toCamera() {
        return new Camera(id, name, siteId, tier, profiles, vendor == null ? Vendor.OTHER : vendor, model, ip,
                latitude, longitude, address, owningUnit, maintenanceContact, installDate,
                retentionDays == null ? DEFAULT_RETENTION_DAYS : retentionDays, tags, groupIds,
                enabled == null || enabled, mode == null ? StreamMode.ON_DEMAND : mode,
                expectedOnlineHours == null ? 24 : expectedOnlineHours, 0);
    }

    @Override
    public String toString() {
        return "CameraInput[id=" + id + ", name=" + name + ", credentials=" + (credentials == null ? "none" : "***")
                + "]";
    }
}
