package org.sharpeye.registry.store;

import java.time.Instant;

/** A filter over the audit log; null fields do not filter. Results are newest first, at most {@code limit}. */
public record AuditQuery(Instant from, Instant to, String actor, String targetId, int limit) {

    /** Whether {@code e} passes this filter. */
    public boolean matches(AuditEntry e) {
        return (from == null || !e.at().isBefore(from))
                && (to == null || e.at().isBefore(to))
                && (actor == null || actor.equals(e.actor()))
                && (targetId == null || targetId.equals(e.targetId()));
    }
}
