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
    LEDGER
}
