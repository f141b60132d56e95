package org.sharpeye.registry.store;

/** The kinds of record a {@link RegistryStore} keeps, each a map from id to a versioned JSON document. */
public enum DocumentKind {
    SITE,
    CAMERA,
    USER,
    /** A camera's credentials, encrypted (AES-GCM); the id is the camera id. */
    SECRET,
    /** An alert of the health monitor (org.sharpeye.registry.health); the id is the alert id. */
    ALERT,
    /** A maintenance window; the id is the window id. */
    MAINTENANCE,
    /** A webhook of a site subtree; the id is the webhook id. */
    WEBHOOK,
    /** Online-rate ledger figures of one camera and month; the id is {@code cameraId/YYYY-MM}. */
    LEDGER,
    /** A saved video wall of a site (org.sharpeye.registry.wall); the id is the wall id. */
    WALL,
    /** A camera tour (轮巡) of a site; the id is the tour id. */
    TOUR
}
