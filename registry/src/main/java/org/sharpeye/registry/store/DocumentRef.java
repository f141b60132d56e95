package org.sharpeye.registry.store;

/** Names one stored record: its kind and id. */
public record DocumentRef(DocumentKind kind, String id) {
}
