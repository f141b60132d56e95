package org.sharpeye.registry;

/**
 * A node of one of the two site trees: the administrative tree (county, township, village; the id is the GB/T 2260
 * style region code) or the business-group tree (groups and virtual organisations). {@code centreCode} is the 8-digit
 * GB/T 28181 centre code the site's devices are numbered under. {@code version} is the optimistic-concurrency version
 * (0 for a site not yet stored).
 */
public record Site(String id, String name, SiteKind kind, String parentId, String centreCode, long version) {

    /** This site with another version. */
    public Site withVersion(long newVersion) {
        return new Site(id, name, kind, parentId, centreCode, newVersion);
    }

    /** This site under another parent. */
    public Site withParent(String newParentId) {
        return new Site(id, name, kind, newParentId, centreCode, version);
    }
}
