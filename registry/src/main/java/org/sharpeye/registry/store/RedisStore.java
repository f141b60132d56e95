package org.sharpeye.registry.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.sharpeye.registry.RegistryException;
import org.sharpeye.registry.RegistryJson;
import org.sharpeye.registry.VersionConflictException;

/**
 * The cluster store: the same records in a Redis server. Per kind, a hash of JSON documents and a hash of versions;
 * the audit log is a sorted set scored by time. A commit is one Lua script, so its version checks and all its writes
 * are atomic (Redis runs a script without interleaving other commands). Every key carries the hash tag
 * {@code {sharpeye}}, so in a Redis Cluster they share one slot and a script may touch them all. Durability is the
 * server's (AOF with appendfsync always for the strongest). Every commit publishes the records it changed on
 * {@code {sharpeye}:changes}, so the registries of other nodes follow ({@link #watch}). Blocking: call it from worker
 * threads.
 */
public final class RedisStore implements RegistryStore {
    private static final String PREFIX = "{sharpeye}:";
    private static final String AUDIT = PREFIX + "audit";
    /** The pub/sub channel every commit announces its records on ("kindIndex/id" per line). */
    private static final String CHANGES = PREFIX + "changes";
    private static final long TIMEOUT_SECONDS = 60;

    private static final String COMMIT = """
            -- KEYS[1] audit; KEYS[2 + 2k], KEYS[3 + 2k]: documents and versions of kind k (0-based)
            -- ARGV[1] n; per write: kind index, id, expected version, 'put' or 'del', json; then m; per entry: score, json
            local n = tonumber(ARGV[1])
            local pending = {}
            for i = 0, n - 1 do
              local b = 2 + i * 5
              local k, id, expected = tonumber(ARGV[b]), ARGV[b + 1], tonumber(ARGV[b + 2])
              local slot = k .. '/' .. id
              local cur = pending[slot]
              if cur == nil then
                cur = tonumber(redis.call('HGET', KEYS[3 + 2 * k], id) or '0')
              end
              if cur ~= expected then
                return {'conflict', tostring(k), id, tostring(cur)}
              end
              if ARGV[b + 3] == 'del' then pending[slot] = 0 else pending[slot] = expected + 1 end
            end
            for i = 0, n - 1 do
              local b = 2 + i * 5
              local k, id = tonumber(ARGV[b]), ARGV[b + 1]
              if ARGV[b + 3] == 'del' then
                redis.call('HDEL', KEYS[2 + 2 * k], id)
                redis.call('HDEL', KEYS[3 + 2 * k], id)
              else
                redis.call('HSET', KEYS[2 + 2 * k], id, ARGV[b + 4])
                redis.call('HSET', KEYS[3 + 2 * k], id, tonumber(ARGV[b + 2]) + 1)
              end
            end
            if n > 0 then
              local changed = {}
              for i = 0, n - 1 do
                local b = 2 + i * 5
                changed[#changed + 1] = ARGV[b] .. '/' .. ARGV[b + 1]
              end
              redis.call('PUBLISH', '{sharpeye}:changes', table.concat(changed, '\\n'))
            end
            local a = 2 + n * 5
            local m = tonumber(ARGV[a])
            for j = 0, m - 1 do
              redis.call('ZADD', KEYS[1], ARGV[a + 1 + 2 * j], ARGV[a + 2 + 2 * j])
            end
            return {'ok'}
            """;

    /** Writes per staged chunk, and the size above which a commit is staged rather than sent as one script call. */
    private static final int CHUNK = 1000;

    private static final String COMMIT_STAGED = """
            -- KEYS[1] audit; KEYS[2 + 2k], KEYS[3 + 2k]: documents and versions of kind k; then the staged writes list
            -- and the staged audit list (each element a cjson array), deleted whatever the outcome
            local nk = #KEYS
            local stagedWrites, stagedAudit = KEYS[nk - 1], KEYS[nk]
            local raw = redis.call('LRANGE', stagedWrites, 0, -1)
            local writes = {}
            local pending = {}
            for i = 1, #raw do
              local w = cjson.decode(raw[i])
              writes[i] = w
              local k, id, expected = w[1], w[2], w[3]
              local slot = k .. '/' .. id
              local cur = pending[slot]
              if cur == nil then
                cur = tonumber(redis.call('HGET', KEYS[3 + 2 * k], id) or '0')
              end
              if cur ~= expected then
                redis.call('DEL', stagedWrites, stagedAudit)
                return {'conflict', tostring(k), id, tostring(cur)}
              end
              if w[4] == 'del' then pending[slot] = 0 else pending[slot] = expected + 1 end
            end
            for i = 1, #writes do
              local w = writes[i]
              local k, id = w[1], w[2]
              if w[4] == 'del' then
                redis.call('HDEL', KEYS[2 + 2 * k], id)
                redis.call('HDEL', KEYS[3 + 2 * k], id)
              else
                redis.call('HSET', KEYS[2 + 2 * k], id, w[5])
                redis.call('HSET', KEYS[3 + 2 * k], id, w[3] + 1)
              end
            end
            if #writes > 0 then
              local changed = {}
              for i = 1, #writes do
                changed[i] = writes[i][1] .. '/' .. writes[i][2]
              end
              redis.call('PUBLISH', '{sharpeye}:changes', table.concat(changed, '\\n'))
            end
            local entries = redis.call('LRANGE', stagedAudit, 0, -1)
            for j = 1, #entries do
              local e = cjson.decode(entries[j])
              redis.call('ZADD', KEYS[1], e[1], e[2])
            end
            redis.call('DEL', stagedWrites, stagedAudit)
            return {'ok'}
            """;

    private static final String LOAD_ALL = """
            local docs = redis.call('HGETALL', KEYS[1])
            local out = {}
            for i = 1, #docs, 2 do
              out[#out + 1] = docs[i]
              out[#out + 1] = redis.call('HGET', KEYS[2], docs[i]) or '0'
              out[#out + 1] = docs[i + 1]
            end
            return out
            """;

    private static final String LOAD = """
            local doc = redis.call('HGET', KEYS[1], ARGV[1])
            if not doc then return {} end
            return {redis.call('HGET', KEYS[2], ARGV[1]) or '0', doc}
            """;

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final Redis redis;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RedisStore.class);
    private volatile RedisConnection subscription;
    private volatile boolean closed;

    private RedisStore(Vertx vertx, boolean ownsVertx, Redis redis) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.redis = redis;
    }

    /** A store on the Redis server at {@code connectionString} (redis://host:port[/db]), with its own Vert.x. */
    public static RedisStore open(String connectionString) {
        return open(Vertx.vertx(), true, connectionString);
    }

    /** A store on the Redis server at {@code connectionString}, using {@code vertx} (not closed by this store). */
    public static RedisStore open(Vertx vertx, String connectionString) {
        return open(vertx, false, connectionString);
    }

    /**
     * A store over Redis client {@code options} (a Sentinel group, a password...), with its own Vert.x: its calls
     * block their caller, so they must not share event loops with a caller that may be an event loop.
     */
    public static RedisStore open(RedisOptions options) {
        return open(Vertx.vertx(), true, options);
    }

    private static RedisStore open(Vertx vertx, boolean owns, String connectionString) {
        return open(vertx, owns, new RedisOptions().setConnectionString(connectionString)
                .setMaxPoolSize(8).setMaxPoolWaiting(1024));
    }

    private static RedisStore open(Vertx vertx, boolean owns, RedisOptions options) {
        Redis redis = Redis.createClient(vertx, options);
        RedisStore store = new RedisStore(vertx, owns, redis);
        store.await(redis.send(Request.cmd(Command.PING)), "connect to");
        return store;
    }

    private static String documents(DocumentKind kind) {
        return PREFIX + "doc:" + kind.name();
    }

    private static String versions(DocumentKind kind) {
        return PREFIX + "ver:" + kind.name();
    }

    @Override
    public List<StoredDocument> loadAll(DocumentKind kind) {
        Response r = await(redis.send(Request.cmd(Command.EVAL).arg(LOAD_ALL).arg(2)
                .arg(documents(kind)).arg(versions(kind))), "read");
        List<StoredDocument> out = new ArrayList<>(r.size() / 3);
        for (int i = 0; i + 2 < r.size(); i += 3) {
            out.add(new StoredDocument(kind, r.get(i).toString(), Long.parseLong(r.get(i + 1).toString()),
                    r.get(i + 2).toString()));
        }
        return out;
    }

    @Override
    public Optional<StoredDocument> load(DocumentKind kind, String id) {
        Response r = await(redis.send(Request.cmd(Command.EVAL).arg(LOAD).arg(2)
                .arg(documents(kind)).arg(versions(kind)).arg(id)), "read");
        if (r == null || r.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(new StoredDocument(kind, id, Long.parseLong(r.get(0).toString()), r.get(1).toString()));
    }

    @Override
    public void commit(List<DocumentWrite> writes, List<AuditEntry> audit) {
        Response r = writes.size() + audit.size() <= CHUNK ? commitInline(writes, audit) : commitStaged(writes, audit);
        if ("conflict".equals(r.get(0).toString())) {
            DocumentKind kind = DocumentKind.values()[Integer.parseInt(r.get(1).toString())];
            String id = r.get(2).toString();
            long expected = writes.stream().filter(w -> w.kind() == kind && w.id().equals(id))
                    .mapToLong(DocumentWrite::expectedVersion).findFirst().orElse(-1);
            throw new VersionConflictException(kind.name().toLowerCase(), id, expected,
                    Long.parseLong(r.get(3).toString()));
        }
    }

    private static Request withDocumentKeys(Request q) {
        for (DocumentKind k : DocumentKind.values()) {
            q.arg(documents(k)).arg(versions(k));
        }
        return q;
    }

    /** A small commit: everything as arguments of one script call. */
    private Response commitInline(List<DocumentWrite> writes, List<AuditEntry> audit) {
        Request q = withDocumentKeys(Request.cmd(Command.EVAL).arg(COMMIT).arg(1 + 2 * DocumentKind.values().length)
                .arg(AUDIT));
        q.arg(writes.size());
        for (DocumentWrite w : writes) {
            q.arg(w.kind().ordinal()).arg(w.id()).arg(w.expectedVersion()).arg(w.isDelete() ? "del" : "put")
                    .arg(w.isDelete() ? "" : w.json());
        }
        q.arg(audit.size());
        for (AuditEntry e : audit) {
            q.arg(e.at().toEpochMilli()).arg(RegistryJson.write(e));
        }
        return await(redis.send(q), "write");
    }

    /**
     * A bulk commit (an import of 10^5 cameras): the writes are first pushed in chunks to two private staging lists
     * (invisible to readers, expiring if this client dies), then one script checks every version and applies them
     * all, atomically. One giant script call would hold a client event loop for seconds while it is encoded.
     */
    private Response commitStaged(List<DocumentWrite> writes, List<AuditEntry> audit) {
        String stage = PREFIX + "stage:" + java.util.UUID.randomUUID();
        String stagedWrites = stage + ":writes";
        String stagedAudit = stage + ":audit";
        try {
            for (int from = 0; from < writes.size(); from += CHUNK) {
                Request push = Request.cmd(Command.RPUSH).arg(stagedWrites);
                for (DocumentWrite w : writes.subList(from, Math.min(from + CHUNK, writes.size()))) {
                    push.arg(RegistryJson.write(List.of(w.kind().ordinal(), w.id(), w.expectedVersion(),
                            w.isDelete() ? "del" : "put", w.isDelete() ? "" : w.json())));
                }
                await(redis.send(push), "stage a write to");
            }
            for (int from = 0; from < audit.size(); from += CHUNK) {
                Request push = Request.cmd(Command.RPUSH).arg(stagedAudit);
                for (AuditEntry e : audit.subList(from, Math.min(from + CHUNK, audit.size()))) {
                    push.arg(RegistryJson.write(List.of(e.at().toEpochMilli(), RegistryJson.write(e))));
                }
                await(redis.send(push), "stage a write to");
            }
            for (String key : List.of(stagedWrites, stagedAudit)) {
                await(redis.send(Request.cmd(Command.EXPIRE).arg(key).arg(600)), "stage a write to");
            }
            Request q = withDocumentKeys(Request.cmd(Command.EVAL).arg(COMMIT_STAGED)
                    .arg(3 + 2 * DocumentKind.values().length).arg(AUDIT));
            q.arg(stagedWrites).arg(stagedAudit);
            return await(redis.send(q), "write");
        } catch (RuntimeException e) {
            redis.send(Request.cmd(Command.DEL).arg(stagedWrites).arg(stagedAudit));
            throw e;
        }
    }

    @Override
    public List<AuditEntry> audit(AuditQuery query) {
        // Newest first over the time window, filtered here by actor and target: O(window), which is fine for the
        // queries of a command room (a day or a week); the embedded store has real indexes.
        String max = query.to() == null ? "+inf" : "(" + query.to().toEpochMilli();
        String min = query.from() == null ? "-inf" : Long.toString(query.from().toEpochMilli());
        Response r = await(redis.send(Request.cmd(Command.ZREVRANGEBYSCORE).arg(AUDIT).arg(max).arg(min)),
                "read the audit log of");
        List<AuditEntry> out = new ArrayList<>();
        for (int i = 0; i < r.size() && out.size() < query.limit(); i++) {
            AuditEntry e = RegistryJson.read(r.get(i).toString(), AuditEntry.class);
            if (query.matches(e)) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public int pruneAudit(Instant cutoff) {
        Response r = await(redis.send(Request.cmd(Command.ZREMRANGEBYSCORE).arg(AUDIT).arg("-inf")
                .arg("(" + cutoff.toEpochMilli())), "prune the audit log of");
        return r.toInteger();
    }

    @Override
    public void watch(Consumer<List<DocumentRef>> listener) {
        // Pub/sub needs a connection of its own: once subscribed it carries nothing else.
        RedisConnection c = await(redis.connect(), "subscribe to");
        subscribe(c, listener);
        await(c.send(Request.cmd(Command.SUBSCRIBE).arg(CHANGES)), "subscribe to");
        subscription = c;
    }

    private void subscribe(RedisConnection c, Consumer<List<DocumentRef>> listener) {
        c.handler(message -> {
            if (message.size() == 3 && "message".equals(message.get(0).toString())) {
                listener.accept(refs(message.get(2).toString()));
            }
        });
        c.exceptionHandler(e -> lost(c, listener));
        c.endHandler(v -> lost(c, listener));
    }

    /**
     * The subscription's connection ended (a Redis restart, a failover): subscribe again with backoff (0.5 s doubling
     * to 10 s). Changes announced meanwhile were missed, so the listener is then told every record may have changed.
     */
    private void lost(RedisConnection c, Consumer<List<DocumentRef>> listener) {
        if (subscription != c || closed) {
            return;
        }
        subscription = null;
        c.close();
        log.warn("the Redis store's change subscription was lost; resubscribing");
        resubscribe(listener, 500);
    }

    private void resubscribe(Consumer<List<DocumentRef>> listener, long delayMs) {
        vertx.setTimer(delayMs, id -> {
            if (closed) {
                return;
            }
            redis.connect().compose(c -> {
                subscribe(c, listener);
                return c.send(Request.cmd(Command.SUBSCRIBE).arg(CHANGES)).map(r -> c);
            }).onSuccess(c -> {
                subscription = c;
                log.info("the Redis store's change subscription is back");
                listener.accept(everything());
            }).onFailure(e -> resubscribe(listener, Math.min(10_000, delayMs * 2)));
        });
    }

    /** More references than a follower reads one by one, so that it reloads everything. */
    private static List<DocumentRef> everything() {
        List<DocumentRef> all = new ArrayList<>();
        for (int i = 0; i <= 1000; i++) {
            all.add(new DocumentRef(DocumentKind.CAMERA, "*"));
        }
        return all;
    }

    private static List<DocumentRef> refs(String payload) {
        DocumentKind[] kinds = DocumentKind.values();
        List<DocumentRef> out = new ArrayList<>();
        for (String line : payload.split("\n")) {
            int slash = line.indexOf('/');
            if (slash > 0) {
                out.add(new DocumentRef(kinds[Integer.parseInt(line.substring(0, slash))], line.substring(slash + 1)));
            }
        }
        return out;
    }

    /** Deletes every SharpEye key (tests). */
    public void clear() {
        List<String> keys = new ArrayList<>();
        keys.add(AUDIT);
        for (DocumentKind k : DocumentKind.values()) {
            keys.add(documents(k));
            keys.add(versions(k));
        }
        Request del = Request.cmd(Command.DEL);
        keys.forEach(del::arg);
        await(redis.send(del), "clear");
    }

    private <T> T await(Future<T> f, String what) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while trying to " + what + " the Redis store", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new RegistryException("cannot " + what + " the Redis store: " + cause.getMessage(), cause);
        }
    }

    @Override
    public void close() {
        closed = true;
        RedisConnection c = subscription;
        if (c != null) {
            c.close();
        }
        redis.close();
        if (ownsVertx) {
            vertx.close();
        }
    }
}
