package org.sharpeye.registry.store;

import java.time.Instant;

/**
 * One audit record: who ({@code actor}) did what ({@code action} on {@code targetKind}/{@code targetId}), when, from
 * where ({@code remoteAddress}), with the JSON before and after (secrets already redacted; null when absent).
 */
public record AuditEntry(
        String id,
        Instant at,
        String actor,
        String remoteAddress,
        AuditAction action,
        String targetKind,
        String targetId,
        String before,
        String after) {
}
