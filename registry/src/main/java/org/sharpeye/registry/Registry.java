package org.sharpeye.registry;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.sharpeye.registry.store.AuditAction;
import org.sharpeye.registry.store.AuditEntry;
import org.sharpeye.registry.store.AuditQuery;
import org.sharpeye.registry.store.DocumentKind;
import org.sharpeye.registry.store.DocumentRef;
import org.sharpeye.registry.store.DocumentWrite;
import org.sharpeye.registry.store.H2Store;
import org.sharpeye.registry.store.InMemoryStore;
import org.sharpeye.registry.store.RegistryStore;
import org.sharpeye.registry.store.StoredDocument;

/**
 * The system of record of a county's video network: sites, cameras, users, camera credentials and the audit log,
 * over a {@link RegistryStore}. Reads are served from an in-memory index loaded at open and kept in step with every
 * write made through this instance; writes go to the store first and are acknowledged only once it has them.
 * Blocking: call writes from worker threads, never from an event loop.
 */
public final class Registry implements AutoCloseable {
    /** Default audit retention: network logs are kept at least six months (Cybersecurity Law art. 21). */
    public static final Duration DEFAULT_AUDIT_RETENTION = Duration.ofDays(180);

    private final RegistryStore store;
    private final CredentialVault vault;
    private final Permissions permissions;
    private final Clock clock;
    private final Accounts accounts;
    private final Object writeLock = new Object();
    private volatile SiteTree sites = SiteTree.of(List.of());
    private final Map<String, Camera> cameras = new ConcurrentHashMap<>();
    private final CameraIndex index = new CameraIndex();
    private final Map<String, CameraStatus> statuses = new ConcurrentHashMap<>();
    private volatile Duration auditRetention = DEFAULT_AUDIT_RETENTION;
    /** Applies other nodes' changes off the store's event loop, in the order they were announced. */
    private final ExecutorService followers = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "registry-follower");
        t.setDaemon(true);
        return t;
    });

    private Registry(RegistryStore store, SecretBox secrets, ViewingPolicy policy, PasswordHasher hasher, Clock clock) {
        this.store = store;
        this.vault = new CredentialVault(this, store, secrets);
        this.permissions = new Permissions(policy);
        this.clock = clock;
        this.accounts = new Accounts(this, hasher);
        reload();
        store.watch(refs -> followers.execute(() -> follow(refs)));
    }

    /** A registry in the heap with a random secret key: tests and the demo. */
    public static Registry inMemory() {
        return open(new InMemoryStore(), SecretBox.random(), ViewingPolicy.defaults());
    }

    /**
     * The default embedded registry: H2 in {@code dataDir}, secrets sealed with the keyring of
     * {@code SHARPEYE_SECRET_KEYS} or {@code dataDir/secret.keys} (created on first start).
     */
    public static Registry embedded(Path dataDir) {
        return open(H2Store.open(dataDir), SecretBox.load(dataDir.resolve("secret.keys")), ViewingPolicy.defaults());
    }

    /** A registry over {@code store}. The registry closes the store when it is closed. */
    public static Registry open(RegistryStore store, SecretBox secrets, ViewingPolicy policy) {
        return new Registry(store, secrets, policy, PasswordHasher.defaults(), Clock.systemUTC());
    }

    /** A registry with an explicit password hasher and clock (tests use a cheap bcrypt cost). */
    public static Registry open(RegistryStore store, SecretBox secrets, ViewingPolicy policy, PasswordHasher hasher,
            Clock clock) {
        return new Registry(store, secrets, policy, hasher, clock);
    }

    /** Re-reads everything from the store (another node changed it, or at startup). */
    public void reload() {
        synchronized (writeLock) {
            List<Site> s = new ArrayList<>();
            for (StoredDocument d : store.loadAll(DocumentKind.SITE)) {
                s.add(RegistryJson.read(d.json(), Site.class).withVersion(d.version()));
            }
            sites = SiteTree.of(s);
            // Brought up to date camera by camera, never emptied first: readers do not take the write lock, and one
            // reading during a reload (another node's import) must see each camera, old or new, not an empty list.
            Map<String, Camera> stored = new HashMap<>();
            for (StoredDocument d : store.loadAll(DocumentKind.CAMERA)) {
                Camera c = RegistryJson.read(d.json(), Camera.class).withVersion(d.version());
                stored.put(c.id(), c);
            }
            for (Camera old : List.copyOf(cameras.values())) {
                if (!stored.containsKey(old.id())) {
                    cameras.remove(old.id());
                    index.remove(old);
                }
            }
            for (Camera c : stored.values()) {
                Camera old = cameras.get(c.id());
                if (old == null || old.version() != c.version()) {
                    replaceCamera(old, c);
                }
            }
            accounts.reload(store.loadAll(DocumentKind.USER));
        }
    }

    /** Puts {@code c} in place of {@code old} (null for a new camera) in the map and the index. */
    private void replaceCamera(Camera old, Camera c) {
        if (old != null) {
            index.remove(old);
        }
        cameras.put(c.id(), c);
        index.add(c);
    }

    /**
     * Brings the in-memory index up to date with records another node changed in a shared store. Records this
     * registry wrote itself are already at the stored version and are skipped.
     */
    private void follow(List<DocumentRef> refs) {
        if (refs.size() > 1000) {
            reload(); // an import elsewhere: one full read beats 10^5 single ones
            return;
        }
        synchronized (writeLock) {
            for (DocumentRef ref : refs) {
                Optional<StoredDocument> doc = store.load(ref.kind(), ref.id());
                switch (ref.kind()) {
                    case SITE -> {
                        long mine = sites.site(ref.id()).map(Site::version).orElse(0L);
                        if (doc.isEmpty()) {
                            sites = sites.without(ref.id());
                        } else if (doc.get().version() > mine) {
                            sites = sites.with(RegistryJson.read(doc.get().json(), Site.class)
                                    .withVersion(doc.get().version()));
                        }
                    }
                    case CAMERA -> {
                        Camera old = cameras.get(ref.id());
                        if (doc.isEmpty() && old != null) {
                            cameras.remove(ref.id());
                            index.remove(old);
                        } else if (doc.isPresent() && (old == null || doc.get().version() > old.version())) {
                            replaceCamera(old, RegistryJson.read(doc.get().json(), Camera.class)
                                    .withVersion(doc.get().version()));
                        }
                    }
                    case USER -> accounts.follow(ref.id(), doc);
                    case SECRET -> {
                        // read from the store on each use; nothing cached
                    }
                }
            }
        }
    }

    // ---- sites

    /** The current site trees. */
    public SiteTree sites() {
        return sites;
    }

    /** One site. */
    public Optional<Site> site(String id) {
        return sites.site(id);
    }

    /** Stores a new site; returns it at version 1. */
    public Site createSite(Site site, Actor actor) {
        synchronized (writeLock) {
            if (site.id() != null && sites.site(site.id()).isPresent()) {
                throw new VersionConflictException("site", site.id(), 0, sites.site(site.id()).get().version());
            }
            requireValid(RecordRules.site(site, sites));
            Site stored = site.withVersion(1);
            commit(List.of(DocumentWrite.put(DocumentKind.SITE, site.id(), 0, json(stored))),
                    List.of(audit(actor, AuditAction.CREATE, "site", site.id(), null, json(stored))));
            sites = sites.with(stored);
            return stored;
        }
    }

    /**
     * Changes a site if it is still at {@code expectedVersion}; a new parent moves the whole subtree (children point
     * at their parent, so they follow). The kind cannot change.
     */
    public Site updateSite(Site site, long expectedVersion, Actor actor) {
        synchronized (writeLock) {
            Site old = sites.site(site.id()).orElseThrow(() -> new NotFoundException("site", site.id()));
            checkVersion("site", old.id(), expectedVersion, old.version());
            List<FieldError> errors = new ArrayList<>(RecordRules.site(site, sites));
            if (site.kind() != old.kind()) {
                errors.add(new FieldError("kind", "cannot change (" + old.kind() + ")"));
            }
            if (site.parentId() != null && sites.isWithin(site.parentId(), site.id())) {
                errors.add(new FieldError("parentId", "cannot move a site under itself or its own subtree"));
            }
            requireValid(errors);
            Site stored = site.withVersion(expectedVersion + 1);
            commit(List.of(DocumentWrite.put(DocumentKind.SITE, site.id(), expectedVersion, json(stored))),
                    List.of(audit(actor, AuditAction.UPDATE, "site", site.id(), json(old), json(stored))));
            sites = sites.with(stored);
            return stored;
        }
    }

    /** Deletes a site that has no child sites, cameras or users. */
    public void deleteSite(String id, long expectedVersion, Actor actor) {
        synchronized (writeLock) {
            Site old = sites.site(id).orElseThrow(() -> new NotFoundException("site", id));
            checkVersion("site", id, expectedVersion, old.version());
            int children = sites.children(id).size();
            int onSite = index.atSite(id).size();
            long users = accounts.all().stream().filter(u -> id.equals(u.siteId())).count();
            if (children + onSite + users > 0) {
                throw new InUseException("site " + id + " still has " + children + " child sites, " + onSite
                        + " cameras and " + users + " users");
            }
            commit(List.of(DocumentWrite.delete(DocumentKind.SITE, id, expectedVersion)),
                    List.of(audit(actor, AuditAction.DELETE, "site", id, json(old), null)));
            sites = sites.without(id);
        }
    }

    // ---- cameras

    /** One camera (unfiltered: for ingest and internal use). */
    public Optional<Camera> camera(String id) {
        return Optional.ofNullable(id == null ? null : cameras.get(id));
    }

    /** The number of cameras. */
    public int cameraCount() {
        return cameras.size();
    }

    /** Cameras matching {@code query} that {@code viewer} may see ({@code viewer} null: no permission filter). */
    public Page<Camera> cameras(User viewer, CameraQuery query) {
        SiteTree tree = sites;
        return CameraSearch.run(tree, index, cameras, query,
                c -> (query.status() == null || status(c.id()) == query.status())
                        && (viewer == null || permissions.canView(viewer, c, tree)));
    }

    /**
     * Stores a new camera (a registry id is assigned when {@code camera.id()} is null or empty; empty profiles are
     * filled from the vendor's templates on port 554, channel 1) with its credentials (null: none).
     */
    public Camera createCamera(Camera camera, Credentials credentials, Actor actor) {
        Camera c = prepare(camera);
        synchronized (writeLock) {
            Camera existing = cameras.get(c.id());
            if (existing != null) {
                throw new VersionConflictException("camera", c.id(), 0, existing.version());
            }
            requireApplied(importRows(List.of(new ImportRow(0, c, credentials)), actor));
            return cameras.get(c.id());
        }
    }

    private Camera prepare(Camera c) {
        Camera out = c.id() == null || c.id().isEmpty() ? c.withId(CameraIds.next()) : c;
        if (out.profiles().isEmpty() && out.vendor() != null && out.vendor().hasTemplates() && out.ip() != null
                && RecordRules.isIp(out.ip())) {
            out = out.withProfiles(out.vendor().profiles(out.ip(), 554, 1));
        }
        return out;
    }

    private static void requireApplied(ImportResult r) {
        if (!r.applied()) {
            throw new ValidationException(r.errors().stream().map(e -> new FieldError(e.field(), e.reason()))
                    .toList());
        }
    }

    /** Changes a camera still at {@code expectedVersion}; {@code credentials} null keeps the stored ones. */
    public Camera updateCamera(Camera camera, long expectedVersion, Credentials credentials, Actor actor) {
        synchronized (writeLock) {
            Camera old = cameras.get(camera.id());
            if (old == null) {
                throw new NotFoundException("camera", camera.id());
            }
            checkVersion("camera", camera.id(), expectedVersion, old.version());
            requireApplied(importRows(List.of(new ImportRow(0, prepare(camera), credentials)), actor));
            return cameras.get(camera.id());
        }
    }

    /** Deletes a camera and its credentials. */
    public void deleteCamera(String id, long expectedVersion, Actor actor) {
        synchronized (writeLock) {
            Camera old = cameras.get(id);
            if (old == null) {
                throw new NotFoundException("camera", id);
            }
            checkVersion("camera", id, expectedVersion, old.version());
            List<DocumentWrite> writes = new ArrayList<>();
            writes.add(DocumentWrite.delete(DocumentKind.CAMERA, id, expectedVersion));
            store.load(DocumentKind.SECRET, id).ifPresent(
                    d -> writes.add(DocumentWrite.delete(DocumentKind.SECRET, id, d.version())));
            commit(writes, List.of(audit(actor, AuditAction.DELETE, "camera", id, json(old), null)));
            cameras.remove(id);
            index.remove(old);
            statuses.remove(id);
        }
    }

    /**
     * Creates or updates every row, validating the whole batch first: all or nothing. Rows whose camera exists are
     * updates (at the stored version); the others are creates. Returns every bad row, or the counts when applied.
     */
    public ImportResult importCameras(List<ImportRow> rows, Actor actor) {
        List<ImportRow> prepared = rows.stream()
                .map(r -> new ImportRow(r.line(), prepare(r.camera()), r.credentials())).toList();
        return importRows(prepared, actor, true);
    }

    /** Every problem of {@code rows} as an import would see them, without applying anything. */
    public List<RowError> check(List<ImportRow> rows) {
        return RecordRules.rows(rows.stream().map(r -> new ImportRow(r.line(), prepare(r.camera()), r.credentials()))
                .toList(), sites);
    }

    private ImportResult importRows(List<ImportRow> rows, Actor actor) {
        return importRows(rows, actor, false);
    }

    private ImportResult importRows(List<ImportRow> rows, Actor actor, boolean bulk) {
        synchronized (writeLock) {
            List<RowError> errors = RecordRules.rows(rows, sites);
            if (!errors.isEmpty()) {
                return new ImportResult(0, 0, errors);
            }
            List<DocumentWrite> writes = new ArrayList<>(rows.size() * 2);
            List<AuditEntry> entries = new ArrayList<>(rows.size());
            List<Camera> stored = new ArrayList<>(rows.size());
            int created = 0;
            for (ImportRow r : rows) {
                Camera old = cameras.get(r.camera().id());
                long version = old == null ? 0 : old.version();
                Camera c = r.camera().withVersion(version + 1);
                stored.add(c);
                String after = json(c);
                writes.add(DocumentWrite.put(DocumentKind.CAMERA, c.id(), version, after));
                entries.add(audit(actor, old == null ? AuditAction.CREATE : AuditAction.UPDATE, "camera", c.id(),
                        old == null ? null : json(old), after));
                if (old == null) {
                    created++;
                }
                if (r.credentials() != null) {
                    long secretVersion = old == null ? 0
                            : store.load(DocumentKind.SECRET, c.id()).map(StoredDocument::version).orElse(0L);
                    writes.add(DocumentWrite.put(DocumentKind.SECRET, c.id(), secretVersion,
                            vault.seal(r.credentials(), c.id())));
                    entries.add(audit(actor, AuditAction.UPDATE, "credentials", c.id(), null, "\"***\""));
                }
            }
            if (bulk) {
                entries.add(audit(actor, AuditAction.IMPORT, "camera", "*", null,
                        "{\"created\":" + created + ",\"updated\":" + (rows.size() - created) + "}"));
            }
            commit(writes, entries);
            for (Camera c : stored) {
                replaceCamera(cameras.get(c.id()), c);
            }
            return new ImportResult(created, rows.size() - created, List.of());
        }
    }

    /**
     * A camera's credentials, decrypted. For ingest only (to open the RTSP session): never return them from an API,
     * never log them.
     */
    public Optional<Credentials> credentials(String cameraId) {
        return vault.credentials(cameraId);
    }

    /**
     * {@code plaintext} encrypted with the active key and bound to {@code owner} (an id), for other secrets kept in the
     * store (webhook signing secrets): open it with {@link #openSecret} and the same owner.
     */
    public String sealSecret(String plaintext, String owner) {
        return vault.seal(plaintext, owner);
    }

    /** The plaintext of a value from {@link #sealSecret}; fails if it was altered, moved or its key is gone. */
    public String openSecret(String sealed, String owner) {
        return vault.open(sealed, owner);
    }

    /**
     * Whether a value from {@link #sealSecret} was sealed with a key other than the active one: its holder re-seals
     * it in step two of a key rotation (webhook signing secrets: {@code HealthMonitor.resealWebhookSecrets}).
     */
    public boolean sealedWithOldKey(String sealed) {
        return vault.sealedWithOldKey(sealed);
    }

    /**
     * Re-seals every stored camera credential with the active key (step two of a key rotation); returns how many.
     * Secrets stored by others through {@link #sealSecret} are re-sealed by their holders.
     */
    public int resealSecrets(Actor actor) {
        synchronized (writeLock) {
            return vault.reseal(actor);
        }
    }

    /** The last status ingest reported for a camera. */
    public CameraStatus status(String cameraId) {
        return statuses.getOrDefault(cameraId, CameraStatus.UNKNOWN);
    }

    /** Ingest reports a camera's status (kept in memory; the health module owns its history). */
    public void reportStatus(String cameraId, CameraStatus status) {
        if (cameras.containsKey(cameraId)) {
            statuses.put(cameraId, status);
        }
    }

    // ---- users and permissions

    /** Users, logins and the first admin. */
    public Accounts accounts() {
        return accounts;
    }

    /**
     * Makes sure an admin exists. With no admin yet, creates user "admin" with {@code passwordFromEnvironment} (the
     * value of SHARPEYE_ADMIN_PASSWORD; null or blank: a generated one). Returns the generated password, to be
     * printed once, or empty when none was generated.
     */
    public Optional<String> ensureAdmin(String passwordFromEnvironment) {
        return accounts.ensureAdmin(passwordFromEnvironment);
    }

    /** The permission rules in force. */
    public Permissions permissions() {
        return permissions;
    }

    /** Whether {@code user} may see {@code camera}. */
    public boolean canView(User user, Camera camera) {
        return permissions.canView(user, camera, sites);
    }

    // ---- audit

    /** Records that {@code user} opened live video of {@code cameraId} from {@code remoteAddress}. */
    public void recordLiveView(User user, String cameraId, String remoteAddress) {
        recordLiveView(user.username(), cameraId, remoteAddress, null);
    }

    /**
     * Records a finished live view of {@code cameraId} by {@code username} from {@code remoteAddress};
     * {@code detailsJson} (profile, output, start, end, bytes) is kept as the entry's "after" document.
     */
    public void recordLiveView(String username, String cameraId, String remoteAddress, String detailsJson) {
        commit(List.of(), List.of(audit(new Actor(username, remoteAddress), AuditAction.LIVE_VIEW, "camera",
                cameraId, null, detailsJson)));
    }

    /** Records a login attempt of {@code username} from {@code remoteAddress}. */
    public void recordLogin(String username, String remoteAddress, boolean succeeded) {
        commit(List.of(), List.of(audit(new Actor(username, remoteAddress),
                succeeded ? AuditAction.LOGIN : AuditAction.LOGIN_FAILED, "user", username, null, null)));
    }

    /** Audit entries, newest first. */
    public List<AuditEntry> audit(AuditQuery query) {
        return store.audit(query);
    }

    /** Sets how long audit entries are kept (default 180 days). */
    public void auditRetention(Duration retention) {
        this.auditRetention = retention;
    }

    /** Deletes audit entries older than the retention; returns how many (run it daily). */
    public int pruneAudit() {
        return store.pruneAudit(clock.instant().minus(auditRetention));
    }

    // ---- internals shared with Accounts

    AuditEntry audit(Actor actor, AuditAction action, String kind, String id, String before, String after) {
        return new AuditEntry(java.util.UUID.randomUUID().toString(), clock.instant(), actor.username(),
                actor.remoteAddress(), action, kind, id, before, after);
    }

    void commit(List<DocumentWrite> writes, List<AuditEntry> entries) {
        store.commit(writes, entries);
    }

    /** The store behind this registry, for the components that keep their own records in it (health, ledger). */
    public RegistryStore store() {
        return store;
    }

    Object writeLock() {
        return writeLock;
    }

    static String json(Object value) {
        return RegistryJson.write(value);
    }

    static void requireValid(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private static void checkVersion(String what, String id, long expected, long current) {
        if (expected != current) {
            throw new VersionConflictException(what, id, expected, current);
        }
    }

    @Override
    public void close() {
        followers.shutdownNow();
        store.close();
    }
}
