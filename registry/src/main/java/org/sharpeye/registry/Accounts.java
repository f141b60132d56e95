package org.sharpeye.registry;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.sharpeye.registry.store.AuditAction;
import org.sharpeye.registry.store.DocumentKind;
import org.sharpeye.registry.store.DocumentWrite;
import org.sharpeye.registry.store.StoredDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registry's users: create, change, delete, log in; passwords kept only as bcrypt hashes. */
public final class Accounts {
    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
    /** The environment variable with the first admin's password. */
    public static final String ADMIN_PASSWORD_VARIABLE = "SHARPEYE_ADMIN_PASSWORD";
    private static final String PASSWORD_ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789@#%+=_-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Registry registry;
    private final PasswordHasher hasher;
    private final Map<String, UserAccount> byName = new ConcurrentHashMap<>();
    /** Verified against when the user does not exist, so a login takes as long for a wrong name as a wrong password. */
    private final String decoyHash;

    Accounts(Registry registry, PasswordHasher hasher) {
        this.registry = registry;
        this.hasher = hasher;
        this.decoyHash = hasher.hash(generatePassword());
    }

    void reload(List<StoredDocument> docs) {
        byName.clear();
        for (StoredDocument d : docs) {
            UserAccount a = RegistryJson.read(d.json(), UserAccount.class);
            byName.put(a.user().username(), new UserAccount(a.user().withVersion(d.version()), a.passwordHash()));
        }
    }

    /** Takes another node's change of user {@code username} (absent: deleted). */
    void follow(String username, Optional<StoredDocument> doc) {
        UserAccount mine = byName.get(username);
        if (doc.isEmpty()) {
            byName.remove(username);
        } else if (mine == null || doc.get().version() > mine.user().version()) {
            UserAccount a = RegistryJson.read(doc.get().json(), UserAccount.class);
            byName.put(username, new UserAccount(a.user().withVersion(doc.get().version()), a.passwordHash()));
        }
    }

    /** Every user, by name. */
    public List<User> all() {
        List<User> out = new ArrayList<>();
        for (UserAccount a : byName.values()) {
            out.add(a.user());
        }
        out.sort(Comparator.comparing(User::username));
        return out;
    }

    /** One user. */
    public Optional<User> user(String username) {
        return Optional.ofNullable(username == null ? null : byName.get(username)).map(UserAccount::user);
    }

    /** The user whose name and password these are, if enabled; empty for any mismatch (no hint which). */
    public Optional<User> authenticate(String username, String password) {
        UserAccount a = username == null ? null : byName.get(username);
        if (password == null) {
            return Optional.empty();
        }
        boolean ok = hasher.verify(password, a == null ? decoyHash : a.passwordHash());
        return ok && a != null && a.user().enabled() ? Optional.of(a.user()) : Optional.empty();
    }

    /** Stores a new user with {@code password}; returns it at version 1. */
    public User create(User user, String password, Actor actor) {
        synchronized (registry.writeLock()) {
            List<FieldError> errors = new ArrayList<>(RecordRules.user(user, registry.sites()));
            errors.addAll(RecordRules.password("password", password));
            Registry.requireValid(errors);
            if (byName.containsKey(user.username())) {
                throw new VersionConflictException("user", user.username(), 0,
                        byName.get(user.username()).user().version());
            }
            User stored = user.withVersion(1);
            UserAccount a = new UserAccount(stored, hasher.hash(password));
            registry.commit(List.of(DocumentWrite.put(DocumentKind.USER, user.username(), 0, Registry.json(a))),
                    List.of(registry.audit(actor, AuditAction.CREATE, "user", user.username(), null,
                            Registry.json(stored))));
            byName.put(user.username(), a);
            return stored;
        }
    }

    /** Changes a user still at {@code expectedVersion}; {@code newPassword} null keeps the password. */
    public User update(User user, long expectedVersion, String newPassword, Actor actor) {
        synchronized (registry.writeLock()) {
            UserAccount old = byName.get(user.username());
            if (old == null) {
                throw new NotFoundException("user", user.username());
            }
            if (old.user().version() != expectedVersion) {
                throw new VersionConflictException("user", user.username(), expectedVersion, old.user().version());
            }
            List<FieldError> errors = new ArrayList<>(RecordRules.user(user, registry.sites()));
            if (newPassword != null) {
                errors.addAll(RecordRules.password("password", newPassword));
            }
            Registry.requireValid(errors);
            User stored = user.withVersion(expectedVersion + 1);
            UserAccount a = new UserAccount(stored, newPassword == null ? old.passwordHash() : hasher.hash(newPassword));
            registry.commit(List.of(DocumentWrite.put(DocumentKind.USER, user.username(), expectedVersion,
                            Registry.json(a))),
                    List.of(registry.audit(actor, AuditAction.UPDATE, "user", user.username(),
                            Registry.json(old.user()), Registry.json(stored))));
            byName.put(user.username(), a);
            return stored;
        }
    }

    /** Deletes a user. */
    public void delete(String username, long expectedVersion, Actor actor) {
        synchronized (registry.writeLock()) {
            UserAccount old = byName.get(username);
            if (old == null) {
                throw new NotFoundException("user", username);
            }
            if (old.user().version() != expectedVersion) {
                throw new VersionConflictException("user", username, expectedVersion, old.user().version());
            }
            registry.commit(List.of(DocumentWrite.delete(DocumentKind.USER, username, expectedVersion)),
                    List.of(registry.audit(actor, AuditAction.DELETE, "user", username, Registry.json(old.user()),
                            null)));
            byName.remove(username);
        }
    }

    Optional<String> ensureAdmin(String passwordFromEnvironment) {
        synchronized (registry.writeLock()) {
            if (byName.values().stream().anyMatch(a -> a.user().role() == Role.ADMIN)) {
                return Optional.empty();
            }
            boolean generate = passwordFromEnvironment == null || passwordFromEnvironment.isBlank();
            String password = generate ? generatePassword() : passwordFromEnvironment;
            create(new User("admin", Role.ADMIN, null, true, 0), password, Actor.system());
            LOG.info("created the first admin user 'admin' (password {})",
                    generate ? "generated, shown once by the caller" : "from " + ADMIN_PASSWORD_VARIABLE);
            return generate ? Optional.of(password) : Optional.empty();
        }
    }

    /** A fresh random password of 20 characters. */
    public static String generatePassword() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            b.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        }
        return b.toString();
    }
}
