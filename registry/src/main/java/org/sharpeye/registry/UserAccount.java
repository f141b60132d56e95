package org.sharpeye.registry;

/** A user as stored: the user and the bcrypt hash of the password. Never leaves the registry. */
public record UserAccount(User user, String passwordHash) {
    @Override
    public String toString() {
        return "UserAccount[" + user + ", passwordHash=***]";
    }
}
