package org.sharpeye.registry;

/** What a site is: a level of the administrative tree, or a node of the business-group tree. */
public enum SiteKind {
    COUNTY,
    TOWNSHIP,
    VILLAGE,
    /** A business group, GB/T 28181 type code 215. */
    BUSINESS_GROUP,
    /** A virtual organisation inside a business group, GB/T 28181 type code 216. */
    VIRTUAL_ORGANISATION;

    /** Whether this kind belongs to the administrative-region tree (as opposed to the business-group tree). */
    public boolean administrative() {
        return this == COUNTY || this == TOWNSHIP || this == VILLAGE;
    }

    /** Whether a site of this kind may sit directly under a site of kind {@code parent} (null: a root). */
    public boolean mayHaveParent(SiteKind parent) {
        return switch (this) {
            case COUNTY -> parent == null;
            case TOWNSHIP -> parent == COUNTY;
            case VILLAGE -> parent == TOWNSHIP;
            case BUSINESS_GROUP -> parent == null;
            case VIRTUAL_ORGANISATION -> parent == BUSINESS_GROUP || parent == VIRTUAL_ORGANISATION;
        };
    }
}
