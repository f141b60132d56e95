package org.sharpeye.registry;

/**
 * Who may see and change what: a user sees a camera when it lies in the user's site subtree (administrative or
 * business-group tree) and the {@link ViewingPolicy} lets the level of the user's site see the camera's tier. Admins
 * see everything; maintenance crews see every tier inside their subtree (they repair class-I points too).
 */
public final class Permissions {
    private final ViewingPolicy policy;

    public Permissions(ViewingPolicy policy) {
        this.policy = policy;
    }

    /** Whether {@code user} may see {@code camera} (list it, watch it, receive its events). */
    public boolean canView(User user, Camera camera, SiteTree sites) {
        if (!user.enabled()) {
            return false;
        }
        if (user.role() == Role.ADMIN && user.siteId() == null) {
            return true;
        }
        Site scope = sites.site(user.siteId()).orElse(null);
        if (scope == null) {
            return false;
        }
        boolean inScope = sites.isWithin(camera.siteId(), scope.id())
                || camera.groupIds().stream().anyMatch(g -> sites.isWithin(g, scope.id()));
        if (!inScope) {
            return false;
        }
        return user.role() == Role.ADMIN || user.role() == Role.MAINTENANCE
                || policy.allows(scope.kind(), camera.tier());
    }

    /** Whether {@code user} may create, change or delete sites and cameras at {@code siteId}. */
    public boolean canEdit(User user, String siteId, SiteTree sites) {
        if (!user.enabled() || !user.role().mayEditCameras()) {
            return false;
        }
        if (user.siteId() == null) {
            return user.role() == Role.ADMIN;
        }
        return siteId != null && sites.isWithin(siteId, user.siteId());
    }

    /** Whether {@code user} may see site {@code siteId} in the tree (its subtree, and the path up to it). */
    public boolean canSeeSite(User user, String siteId, SiteTree sites) {
        if (user.siteId() == null) {
            return user.role() == Role.ADMIN;
        }
        return sites.isWithin(siteId, user.siteId()) || sites.isWithin(user.siteId(), siteId);
    }

    /** Whether {@code user} may manage users and read the audit log. */
    public boolean canAdminister(User user) {
        return user.enabled() && user.role().mayAdminister();
    }

    /** The policy in force. */
    public ViewingPolicy policy() {
        return policy;
    }
}
