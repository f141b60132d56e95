package org.sharpeye.registry;

/** Who makes a change and from where, for the audit log. */
public record Actor(String username, String remoteAddress) {

    /** The registry itself (startup, the demo). */
    public static Actor system() {
        return new Actor("system", "local");
    }

    /** {@code user} acting from {@code remoteAddress}. */
    public static Actor of(User user, String remoteAddress) {
        return new Actor(user.username(), remoteAddress);
    }
}
