package org.sharpeye.ingest;

import java.time.Instant;

/**
 * Where a source stands: its state, and for FAILED the reason with a detail (redacted), since when.
 *
 * @param reason null unless the state is FAILED
 * @param detail a human-readable cause, never with credentials; empty when there is nothing to add
 */
public record SourceStatus(SourceState state, FailureReason reason, String detail, Instant since) {

    static SourceStatus of(SourceState state) {
        return new SourceStatus(state, null, "", Instant.now());
    }

    static SourceStatus failed(FailureReason reason, String detail) {
        return new SourceStatus(SourceState.FAILED, reason, detail == null ? "" : detail, Instant.now());
    }

    /** True when this status differs from {@code other} in state or reason (detail and time aside). */
    boolean changedFrom(SourceStatus other) {
        return other == null || state != other.state || reason != other.reason;
    }
}
