package org.sharpeye.registry;

/** A person who logs in: a role scoped to a site subtree. The password hash is kept by the registry, never here. */
public record User(String username, Role role, String siteId, boolean enabled, long version) {

    /** This user with another version. */
    public User withVersion(long newVersion) {
        return new User(username, role, siteId, enabled, newVersion);
    }
}
