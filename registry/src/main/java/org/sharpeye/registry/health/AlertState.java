package org.sharpeye.registry.health;

/** The maintenance ticket's closed loop (DOMAIN.md): raised, acknowledged, assigned, resolved, verified. */
public enum AlertState {
    OPEN, ACKNOWLEDGED, ASSIGNED, RESOLVED, VERIFIED;

    /** Whether the alert still asks for work (one such alert per camera and kind). */
    public boolean active() {
        return this == OPEN || this == ACKNOWLEDGED || this == ASSIGNED;
    }
}
