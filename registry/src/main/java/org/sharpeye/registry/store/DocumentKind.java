package org.sharpeye.registry.store;

/** The kinds of record a {@link RegistryStore} keeps, each a map from id to a versioned JSON document. */
public enum DocumentKind {
    SITE,
    CAMERA,
    USER,
    /** A camera's credentials, encrypted (AES-GCM); the id is the camera id. */
    SECRET
}
