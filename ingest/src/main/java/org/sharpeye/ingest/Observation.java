package org.sharpeye.ingest;

/** A source changed status: what the registry's health model consumes. */
public record Observation(String path, SourceStatus status) {
}
