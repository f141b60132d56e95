package org.sharpeye.registry;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A camera point as the registry knows it. {@code id} is the GB/T 28181 20-digit id when the camera has one
 * ({@link DeviceId}), else a registry id ({@link CameraIds}). {@code siteId} places it in the administrative tree,
 * {@code groupIds} in the business-group tree. Credentials are not part of the record: they are a secret kept apart
 * ({@link Registry#credentials(String)}). {@code version} is the optimistic-concurrency version (0 before it is stored).
 */
public record Camera(
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
        int retentionDays,
        List<String> tags,
        List<String> groupIds,
        boolean enabled,
        StreamMode mode,
        double expectedOnlineHours,
        long version) {

    public Camera {
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
        tags = tags == null ? List.of() : List.copyOf(tags);
        groupIds = groupIds == null ? List.of() : List.copyOf(groupIds);
    }

    /** The profile named {@code name} ("main" or "sub"). */
    public Optional<CameraProfile> profile(String name) {
        return profiles.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** This camera with another version. */
    public Camera withVersion(long v) {
        return new Camera(id, name, siteId, tier, profiles, vendor, model, ip, latitude, longitude, address,
                owningUnit, maintenanceContact, installDate, retentionDays, tags, groupIds, enabled, mode,
                expectedOnlineHours, v);
    }

    /** This camera with another id. */
    public Camera withId(String newId) {
        return new Camera(newId, name, siteId, tier, profiles, vendor, model, ip, latitude, longitude, address,
                owningUnit, maintenanceContact, installDate, retentionDays, tags, groupIds, enabled, mode,
                expectedOnlineHours, version);
    }

    /** This camera with other profiles. */
    public Camera withProfiles(List<CameraProfile> newProfiles) {
        return new Camera(id, name, siteId, tier, newProfiles, vendor, model, ip, latitude, longitude, address,
                owningUnit, maintenanceContact, installDate, retentionDays, tags, groupIds, enabled, mode,
                expectedOnlineHours, version);
    }
}
