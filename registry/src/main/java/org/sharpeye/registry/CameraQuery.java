package org.sharpeye.registry;

/**
 * A camera list filter; null fields do not filter. {@code siteId} selects the site's whole subtree (administrative
 * or business-group tree); {@code text} matches id, name or address, case-insensitively. {@code sort} is one of
 * id, name, siteId, tier, installDate.
 */
public record CameraQuery(
        String siteId,
        CameraTier tier,
        CameraStatus status,
        String tag,
        String text,
        String sort,
        boolean descending,
        int offset,
        int limit) {

    /** Everything, sorted by id, the first {@code limit}. */
    public static CameraQuery all(int limit) {
        return new CameraQuery(null, null, null, null, null, "id", false, 0, limit);
    }

    /** The subtree of {@code siteId}, sorted by id, the first {@code limit}. */
    public static CameraQuery underSite(String siteId, int limit) {
        return new CameraQuery(siteId, null, null, null, null, "id", false, 0, limit);
    }
}
