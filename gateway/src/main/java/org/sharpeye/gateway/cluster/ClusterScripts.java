package org.sharpeye.gateway.cluster;

/**
 * The Lua scripts of membership and camera leases. Redis runs a script atomically, so a lease is taken only if free
 * and renewed only by its holder (compare-and-renew), and a heartbeat reads the live set in the same step. Times are
 * the server's ({@code TIME}), so nodes need no synchronised clocks.
 */
final class ClusterScripts {
    private ClusterScripts() {
    }

    /**
     * KEYS[1] nodes hash, KEYS[2] expiry set; ARGV[1] node id ('' to only read), ARGV[2] its URL, ARGV[3] heartbeat
     * lifetime in ms. Drops expired nodes; returns the live nodes as id, url, ms-until-its-heartbeat-expires triples
     * (relative to the server's clock, so that a node can look again the moment a silent peer's heartbeat runs out).
     */
    static final String HEARTBEAT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            if ARGV[1] ~= '' then
              redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
              redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[1])
            end
            local dead = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
            for _, id in ipairs(dead) do
              redis.call('HDEL', KEYS[1], id)
            end
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
            local all = redis.call('HGETALL', KEYS[1])
            local out = {}
            for i = 1, #all, 2 do
              local score = redis.call('ZSCORE', KEYS[2], all[i])
              out[#out + 1] = all[i]
              out[#out + 1] = all[i + 1]
              out[#out + 1] = score and math.floor(tonumber(score) - now) or 0
            end
            return out
            """;

    /** KEYS[1] nodes hash, KEYS[2] expiry set; ARGV[1] node id. A node leaving on purpose. */
    static final String LEAVE = """
            redis.call('HDEL', KEYS[1], ARGV[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            return 1
            """;

    /**
     * KEYS: lease keys; ARGV[1] node id, ARGV[2] lease in ms. Takes each free lease, renews each one the node holds;
     * returns the holder of each key afterwards and, for a key another node holds, the ms until its lease expires
     * (0 otherwise), as holder, ms pairs.
     */
    static final String ACQUIRE = """
            local out = {}
            for i, k in ipairs(KEYS) do
              local holder = redis.call('GET', k)
              if not holder then
                redis.call('SET', k, ARGV[1], 'PX', ARGV[2])
                holder = ARGV[1]
              elseif holder == ARGV[1] then
                redis.call('PEXPIRE', k, ARGV[2])
              end
              out[2 * i - 1] = holder
              out[2 * i] = holder == ARGV[1] and 0 or redis.call('PTTL', k)
            end
            return out
            """;

    /** KEYS: lease keys; ARGV[1] node id. Deletes each lease the node holds; returns how many. */
    static final String RELEASE = """
            local n = 0
            for _, k in ipairs(KEYS) do
              if redis.call('GET', k) == ARGV[1] then
                redis.call('DEL', k)
                n = n + 1
              end
            end
            return n
            """;

    /** KEYS[1] a lease, KEYS[2] nodes hash. Returns {holder, url} or {} when the camera has no owner now. */
    static final String OWNER = """
            local holder = redis.call('GET', KEYS[1])
            if not holder then return {} end
            return {holder, redis.call('HGET', KEYS[2], holder) or ''}
            """;
}
