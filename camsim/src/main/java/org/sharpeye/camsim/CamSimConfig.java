package org.sharpeye.camsim;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a camsim process serves.
 *
 * @param controlPort    the control API's port on 127.0.0.1; 0 picks a free one
 * @param clipCacheBytes the clip cache of the default encoder; 0 for the default (512 MiB)
 * @param clipSource     the clips to play; null for the default encoder ({@code ClipEncoder})
 */
public record CamSimConfig(List<CameraSpec> cameras, int controlPort, long clipCacheBytes, ClipSource clipSource) {

    /** The clip cache when none is given: 512 MiB. */
    public static final long DEFAULT_CLIP_CACHE_BYTES = 512L << 20;

    public CamSimConfig {
        cameras = List.copyOf(cameras);
        Set<String> ids = new HashSet<>();
        java.util.Map<String, String> mounts = new java.util.HashMap<>();
        for (CameraSpec c : cameras) {
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException("duplicate camera id " + c.id());
            }
            // Requests are routed by address and path: two cameras there would answer for each other.
            for (ProfileSpec p : c.profiles().values()) {
                String other = mounts.putIfAbsent(c.host() + ":" + c.port() + p.path(), c.id());
                if (other != null && !other.equals(c.id())) {
                    throw new IllegalArgumentException("cameras " + other + " and " + c.id() + " both serve "
                            + p.path() + " on " + c.host() + ":" + c.port() + "; give them their own address or path");
                }
            }
        }
        if (controlPort < 0 || controlPort > 65535) {
            throw new IllegalArgumentException("control port out of range: " + controlPort);
        }
        clipCacheBytes = clipCacheBytes <= 0 ? DEFAULT_CLIP_CACHE_BYTES : clipCacheBytes;
    }

    /** These cameras with a free control port and the given clips. */
    public static CamSimConfig of(List<CameraSpec> cameras, ClipSource clipSource) {
        return new CamSimConfig(cameras, 0, DEFAULT_CLIP_CACHE_BYTES, clipSource);
    }
}
