package org.sharpeye.gateway.cluster;

import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;

/**
 * The Redis client options of {@code store.redisUrl}: {@code redis://host:port[/db]} or {@code rediss://...} for one
 * server (or a managed Redis), {@code redis-sentinel://h1:26379,h2:26379/masterName} for a Sentinel group, where the
 * client asks the sentinels for the current master and follows a failover.
 */
public final class RedisEndpoint {
    private static final String SENTINEL = "redis-sentinel://";

    private RedisEndpoint() {
    }

    /** Client options for {@code url}, with a pool sized for a node's store, cluster and event traffic. */
    public static RedisOptions options(String url) {
        RedisOptions o = new RedisOptions().setMaxPoolSize(8).setMaxPoolWaiting(1024).setMaxWaitingHandlers(4096);
        if (!url.startsWith(SENTINEL)) {
            return o.setConnectionString(url);
        }
        String rest = url.substring(SENTINEL.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("a sentinel URL is redis-sentinel://host:port[,host:port...]/master");
        }
        o.setType(RedisClientType.SENTINEL).setRole(RedisRole.MASTER).setMasterName(rest.substring(slash + 1));
        for (String hostPort : rest.substring(0, slash).split(",")) {
            o.addConnectionString("redis://" + hostPort.strip());
        }
        return o;
    }

    /** The URL without a password, for logs. */
    public static String redacted(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }
}
