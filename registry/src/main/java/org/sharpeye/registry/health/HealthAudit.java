package org.sharpeye.registry.health;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.RegistryJson;
import org.sharpeye.registry.store.AuditAction;
import org.sharpeye.registry.store.AuditEntry;

/**
 * The audit entries of health changes made by hand (alert transitions, maintenance windows, webhooks), in the
 * registry's audit log beside site, camera and user changes: who, from where, when, and the record before and after
 * as JSON. Target kinds: {@code alert}, {@code maintenance-window}, {@code webhook}; a webhook's secret is never
 * written.
 */
final class HealthAudit {
    static final String ALERT = "alert";
    static final String WINDOW = "maintenance-window";
    static final String WEBHOOK = "webhook";

    private HealthAudit() {
    }

    /** An alert changed by hand: UPDATE with the alert before and after (its state, assignee and note). */
    static AuditEntry alert(Actor by, Alert before, Alert after, Instant at) {
        return entry(by, AuditAction.UPDATE, ALERT, after.id(), before, after, at);
    }

    static AuditEntry window(Actor by, AuditAction action, MaintenanceWindow w, Instant at) {
        return entry(by, action, WINDOW, w.id(), action == AuditAction.DELETE ? w : null,
                action == AuditAction.DELETE ? null : w, at);
    }

    static AuditEntry webhook(Actor by, AuditAction action, Webhook w, Instant at) {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("id", w.id());
        shown.put("siteId", w.siteId());
        shown.put("url", w.url());
        shown.put("createdBy", w.createdBy());
        return entry(by, action, WEBHOOK, w.id(), action == AuditAction.DELETE ? shown : null,
                action == AuditAction.DELETE ? null : shown, at);
    }

    private static AuditEntry entry(Actor by, AuditAction action, String kind, String id, Object before,
            Object after, Instant at) {
        return new AuditEntry(UUID.randomUUID().toString(), at, by.username(), by.remoteAddress(), action, kind, id,
                before == null ? null : RegistryJson.write(before), after == null ? null : RegistryJson.write(after));
    }
}
