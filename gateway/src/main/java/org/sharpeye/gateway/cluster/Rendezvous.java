package org.sharpeye.gateway.cluster;

import java.util.Collection;

/**
 * Rendezvous (highest random weight) hashing: a camera belongs to the live node with the highest weight
 * {@code hash(node, camera)}. Every node computes the same answer from the same live set, with no coordination; when a
 * node joins it takes only the cameras it now wins, and when one leaves only its cameras move, each to the node that
 * ranked second for it.
 */
public final class Rendezvous {
    private Rendezvous() {
    }

    /** The owner of {@code key} among {@code nodes} (null when there is none). */
    public static String owner(String key, Collection<String> nodes) {
        String best = null;
        long bestWeight = 0;
        for (String node : nodes) {
            long w = weight(node, key);
            if (best == null || Long.compareUnsigned(w, bestWeight) > 0
                    || (w == bestWeight && node.compareTo(best) < 0)) {
                best = node;
                bestWeight = w;
            }
        }
        return best;
    }

    /** FNV-1a over the node, a separator and the key, then the splitmix64 finaliser: the same on every JVM. */
    static long weight(String node, String key) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, node);
        h = (h ^ 0x1f) * 0x100000001b3L;
        h = fnv(h, key);
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h;
    }

    private static long fnv(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }
}
