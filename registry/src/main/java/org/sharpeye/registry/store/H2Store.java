package org.sharpeye.registry.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sharpeye.registry.RegistryException;
import org.sharpeye.registry.VersionConflictException;

/**
 * The embedded store (the default, no server): H2 in file mode in a data directory. A commit returns only after the
 * JDBC transaction committed with WRITE_DELAY=0, so an acknowledged write survives {@code kill -9}. One connection,
 * used under this object's lock; blocking, call it from worker threads.
 */
public final class H2Store implements RegistryStore {
    private final Connection connection;

    private H2Store(Connection connection) {
        this.connection = connection;
    }

    /** Opens (creating if needed) the store in {@code dataDir}. */
    public static H2Store open(Path dataDir) {
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("registry")
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        try {
            Connection c = DriverManager.getConnection(url, "sharpeye", "");
            try (Statement s = c.createStatement()) {
                // Records are a few KB at most (the registry bounds every field), so VARCHAR, stored inline: a CLOB
                // would put each one in H2's separate LOB storage and make bulk imports several times slower.
                s.execute("CREATE TABLE IF NOT EXISTS documents (kind VARCHAR(16) NOT NULL, id VARCHAR(64) NOT NULL,"
                        + " version BIGINT NOT NULL, json VARCHAR(1000000) NOT NULL, PRIMARY KEY (kind, id))");
                s.execute("CREATE TABLE IF NOT EXISTS audit (id VARCHAR(40) PRIMARY KEY, at_ms BIGINT NOT NULL,"
                        + " actor VARCHAR(64), remote VARCHAR(128), action VARCHAR(16) NOT NULL,"
                        + " target_kind VARCHAR(32), target_id VARCHAR(64), before_json VARCHAR(1000000),"
                        + " after_json VARCHAR(1000000))");
                s.execute("CREATE INDEX IF NOT EXISTS audit_at ON audit (at_ms)");
                s.execute("CREATE INDEX IF NOT EXISTS audit_actor ON audit (actor, at_ms)");
                s.execute("CREATE INDEX IF NOT EXISTS audit_target ON audit (target_id, at_ms)");
            }
            c.setAutoCommit(false);
            c.commit();
            return new H2Store(c);
        } catch (SQLException e) {
            throw new RegistryException("cannot open the embedded store in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<StoredDocument> loadAll(DocumentKind kind) {
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT id, version, json FROM documents WHERE kind = ?")) {
            p.setString(1, kind.name());
            List<StoredDocument> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new StoredDocument(kind, r.getString(1), r.getLong(2), r.getString(3)));
                }
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    @Override
    public synchronized Optional<StoredDocument> load(DocumentKind kind, String id) {
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT version, json FROM documents WHERE kind = ? AND id = ?")) {
            p.setString(1, kind.name());
            p.setString(2, id);
            try (ResultSet r = p.executeQuery()) {
                Optional<StoredDocument> out = r.next()
                        ? Optional.of(new StoredDocument(kind, id, r.getLong(1), r.getString(2)))
                        : Optional.empty();
                connection.commit();
                return out;
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    @Override
    public synchronized void commit(List<DocumentWrite> writes, List<AuditEntry> audit) {
        try {
            checkVersions(writes);
            try (PreparedStatement merge = connection.prepareStatement(
                    "MERGE INTO documents (kind, id, version, json) KEY (kind, id) VALUES (?, ?, ?, ?)");
                 PreparedStatement delete = connection.prepareStatement(
                         "DELETE FROM documents WHERE kind = ? AND id = ?");
                 PreparedStatement log = connection.prepareStatement(
                         "INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (DocumentWrite w : writes) {
                    if (w.isDelete()) {
                        delete.setString(1, w.kind().name());
                        delete.setString(2, w.id());
                        delete.addBatch();
                    } else {
                        merge.setString(1, w.kind().name());
                        merge.setString(2, w.id());
                        merge.setLong(3, w.expectedVersion() + 1);
                        merge.setString(4, w.json());
                        merge.addBatch();
                    }
                }
                for (AuditEntry e : audit) {
                    log.setString(1, e.id());
                    log.setLong(2, e.at().toEpochMilli());
                    log.setString(3, e.actor());
                    log.setString(4, e.remoteAddress());
                    log.setString(5, e.action().name());
                    log.setString(6, e.targetKind());
                    log.setString(7, e.targetId());
                    log.setString(8, e.before());
                    log.setString(9, e.after());
                    log.addBatch();
                }
                // Deletes before merges would reorder a delete-then-recreate of one id; the registry never batches
                // both for one id, and versions were checked above for the sequence as given.
                merge.executeBatch();
                delete.executeBatch();
                log.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw failure("write", e);
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
    }

    private void checkVersions(List<DocumentWrite> writes) throws SQLException {
        Map<String, Long> stored = storedVersions(writes);
        Map<String, Long> pending = new HashMap<>();
        for (DocumentWrite w : writes) {
            String key = w.kind() + "/" + w.id();
            Long current = pending.containsKey(key) ? pending.get(key) : stored.getOrDefault(key, 0L);
            if (current != w.expectedVersion()) {
                throw new VersionConflictException(w.kind().name().toLowerCase(), w.id(), w.expectedVersion(),
                        current);
            }
            pending.put(key, w.isDelete() ? 0 : w.expectedVersion() + 1);
        }
    }

    /** The stored versions of the written records, read a thousand ids per query (bulk imports write 10^5). */
    private Map<String, Long> storedVersions(List<DocumentWrite> writes) throws SQLException {
        Map<DocumentKind, List<String>> idsByKind = new HashMap<>();
        for (DocumentWrite w : writes) {
            idsByKind.computeIfAbsent(w.kind(), k -> new ArrayList<>()).add(w.id());
        }
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT id, version FROM documents WHERE kind = ? AND id = ANY(?)")) {
            for (Map.Entry<DocumentKind, List<String>> e : idsByKind.entrySet()) {
                List<String> ids = e.getValue();
                for (int from = 0; from < ids.size(); from += 1000) {
                    p.setString(1, e.getKey().name());
                    p.setObject(2, ids.subList(from, Math.min(from + 1000, ids.size())).toArray(new String[0]));
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            out.put(e.getKey() + "/" + r.getString(1), r.getLong(2));
                        }
                    }
                }
            }
        }
        return out;
    }

    @Override
    public synchronized List<AuditEntry> audit(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.from() != null) {
            sql.append(" AND at_ms >= ?");
            args.add(q.from().toEpochMilli());
        }
        if (q.to() != null) {
            sql.append(" AND at_ms < ?");
            args.add(q.to().toEpochMilli());
        }
        if (q.actor() != null) {
            sql.append(" AND actor = ?");
            args.add(q.actor());
        }
        if (q.targetId() != null) {
            sql.append(" AND target_id = ?");
            args.add(q.targetId());
        }
        sql.append(" ORDER BY at_ms DESC, id LIMIT ?");
        args.add(q.limit());
        try (PreparedStatement p = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                p.setObject(i + 1, args.get(i));
            }
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new AuditEntry(r.getString("id"), Instant.ofEpochMilli(r.getLong("at_ms")),
                            r.getString("actor"), r.getString("remote"), AuditAction.valueOf(r.getString("action")),
                            r.getString("target_kind"), r.getString("target_id"), r.getString("before_json"),
                            r.getString("after_json")));
                }
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            throw failure("read the audit log of", e);
        }
    }

    @Override
    public synchronized int pruneAudit(Instant cutoff) {
        try (PreparedStatement p = connection.prepareStatement("DELETE FROM audit WHERE at_ms < ?")) {
            p.setLong(1, cutoff.toEpochMilli());
            int n = p.executeUpdate();
            connection.commit();
            return n;
        } catch (SQLException e) {
            rollback();
            throw failure("prune the audit log of", e);
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the next call reports it
        }
    }

    private static RegistryException failure(String what, SQLException e) {
        return new RegistryException("cannot " + what + " the embedded store: " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }
}
