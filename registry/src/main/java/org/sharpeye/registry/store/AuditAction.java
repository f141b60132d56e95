package org.sharpeye.registry.store;

/** What an audit entry records. */
public enum AuditAction {
    CREATE,
    UPDATE,
    DELETE,
    IMPORT,
    LIVE_VIEW,
    LOGIN,
    LOGIN_FAILED
}
