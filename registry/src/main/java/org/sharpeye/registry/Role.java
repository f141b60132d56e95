package org.sharpeye.registry;

/** A user's role; what a role may see is further limited by the user's site subtree and the {@link ViewingPolicy}. */
public enum Role {
    ADMIN,
    COUNTY_OPERATOR,
    TOWNSHIP_OFFICER,
    VILLAGE_VIEWER,
    MAINTENANCE;

    /** Whether this role may create, change and delete sites and cameras inside its subtree. */
    public boolean mayEditCameras() {
        return this == ADMIN || this == COUNTY_OPERATOR || this == MAINTENANCE;
    }

    /** Whether this role may manage users and read the audit log. */
    public boolean mayAdminister() {
        return this == ADMIN;
    }
}
