package org.sharpeye.gateway.cluster;

/**
 * The Redis keys and channels of the cluster. Each carries the registry's hash tag {@code {sharpeye}}, so that in a
 * Redis Cluster they share one slot with the registry's records and a script may touch any of them.
 */
public final class ClusterKeys {
    /** Hash: node id -> advertised gateway URL of each live node. */
    public static final String NODES = "{sharpeye}:nodes";
    /** Sorted set: node id scored by the server time (ms) its heartbeat expires at. */
    public static final String NODES_EXPIRY = "{sharpeye}:nodes:expiry";
    /** Pub/sub channel on which a node announces that it joined or left, so that the others rebalance at once. */
    public static final String MEMBERSHIP = "{sharpeye}:membership";
    /** Pub/sub channel of health events ({@code RedisEventBus}). */
    public static final String EVENTS = "{sharpeye}:events";
    /** Hash: SHA-256 of a login token -> its session (JSON); and the channel announcing changes to it. */
    public static final String SESSIONS = "{sharpeye}:sessions";
    private static final String LEASE = "{sharpeye}:lease:";

    private ClusterKeys() {
    }

    /** The lease of a camera: a string holding the owner's node id, expiring unless renewed. */
    public static String lease(String cameraId) {
        return LEASE + cameraId;
    }
}
