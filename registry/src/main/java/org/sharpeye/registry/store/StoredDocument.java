package org.sharpeye.registry.store;

/** One stored record: its kind, id, version (1 after the first write) and JSON text. */
public record StoredDocument(DocumentKind kind, String id, long version, String json) {
}
