package org.sharpeye.registry.wall;

import org.sharpeye.registry.Role;
import org.sharpeye.registry.SiteTree;
import org.sharpeye.registry.User;

/**
 * Who may see and change a wall or tour of a site: an unscoped admin everything, anyone else the walls of sites
 * within their own site subtree (a county operator the whole county, a township officer their township). Seeing and
 * changing go together: a command room arranges its own walls. Cameras on tiles are checked separately
 * (Registry.canView).
 */
public final class WallAccess {
    private WallAccess() {
    }

    /** Whether {@code user} may see and change walls and tours of {@code siteId} (and receive their events). */
    public static boolean canSee(User user, String siteId, SiteTree sites) {
        if (user == null || !user.enabled()) {
            return false;
        }
        if (user.siteId() == null) {
            return user.role() == Role.ADMIN;
        }
        return siteId != null && sites.isWithin(siteId, user.siteId());
    }
}
