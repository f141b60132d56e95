package org.sharpeye.camsim;

import io.netty.channel.Channel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A running simulated camera: its spec, its mounts (one per profile), its faults and its open connections. */
final class Camera {

    final CameraSpec spec;
    final Map<String, Mount> mounts;
    /** Profile name to the fault on it; camera-wide faults sit under every profile. */
    private final Map<String, FaultSpec> faults = new ConcurrentHashMap<>();
    /** Connections that addressed this camera, to the profiles they touched (empty: none yet). */
    private final Map<Channel, Set<String>> connections = new ConcurrentHashMap<>();
    /** The listener serving this camera, set once at start. */
    volatile RtspServer server;

    /** A camera whose mounts (one per profile of the spec) are made by {@code mountFactory}. */
    Camera(CameraSpec spec, java.util.function.BiFunction<Camera, String, Mount> mountFactory) {
        this.spec = spec;
        Map<String, Mount> m = new LinkedHashMap<>();
        for (String profile : spec.profiles().keySet()) {
            m.put(profile, mountFactory.apply(this, profile));
        }
        this.mounts = Collections.unmodifiableMap(m);
    }

    String id() {
        return spec.id();
    }

    /** The fault on a profile, or null. */
    FaultSpec fault(String profile) {
        return faults.get(profile);
    }

    /** The kind of fault on a profile, or null. */
    Fault faultKind(String profile) {
        FaultSpec f = faults.get(profile);
        return f == null ? null : f.fault();
    }

    /** The camera-wide fault (refuse or gone), or null. */
    Fault cameraWideFault() {
        for (FaultSpec f : faults.values()) {
            if (f.fault().cameraWide()) {
                return f.fault();
            }
        }
        return null;
    }

    /** Sets a fault, replacing what was on the profiles it covers. Camera-wide faults cover every profile. */
    void setFault(FaultSpec fault) {
        if (fault.profile() != null && !mounts.containsKey(fault.profile()) && !fault.fault().cameraWide()) {
            throw new IllegalArgumentException("camera " + id() + " has no profile " + fault.profile());
        }
        if (cameraWideFault() != null) {
            faults.clear(); // A camera that is refusing or gone has nothing else left to show.
        }
        for (String p : mounts.keySet()) {
            if (fault.fault().cameraWide() || fault.covers(p)) {
                faults.put(p, fault.fault().cameraWide() ? new FaultSpec(fault.fault(), null, fault.delayMs()) : fault);
            }
        }
    }

    void clearFaults() {
        faults.clear();
    }

    /** The faults now set, by profile. */
    Map<String, FaultSpec> faults() {
        return Map.copyOf(faults);
    }

    void connected(Channel ch) {
        connections.putIfAbsent(ch, ConcurrentHashMap.newKeySet());
    }

    void touched(Channel ch, String profile) {
        connections.computeIfAbsent(ch, c -> ConcurrentHashMap.newKeySet()).add(profile);
    }

    void disconnected(Channel ch) {
        connections.remove(ch);
    }

    /** The connections that touched the profile (null: every connection of the camera). */
    Set<Channel> connections(String profile) {
        Set<Channel> out = new java.util.HashSet<>();
        connections.forEach((ch, profiles) -> {
            if (profile == null || profiles.contains(profile)) {
                out.add(ch);
            }
        });
        return out;
    }
}
