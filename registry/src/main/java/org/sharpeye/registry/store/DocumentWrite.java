package org.sharpeye.registry.store;

/**
 * One write of a {@link RegistryStore#commit commit}: applies only if the stored version is {@code expectedVersion}
 * (0: the record must not exist); the record then has version {@code expectedVersion + 1}, or is deleted when
 * {@code json} is null.
 */
public record DocumentWrite(DocumentKind kind, String id, long expectedVersion, String json) {

    /** A create or update. */
    public static DocumentWrite put(DocumentKind kind, String id, long expectedVersion, String json) {
        return new DocumentWrite(kind, id, expectedVersion, json);
    }

    /** A delete. */
    public static DocumentWrite delete(DocumentKind kind, String id, long expectedVersion) {
        return new DocumentWrite(kind, id, expectedVersion, null);
    }

    /** Whether this write deletes. */
    public boolean isDelete() {
        return json == null;
    }
}
