package org.sharpeye.gateway.cluster;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sharpeye.gateway.live.RegistryLiveSources;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraProfile;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.StreamMode;
import org.sharpeye.registry.health.HealthMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node does with a camera it comes to own or gives up: an always-on camera's profiles are pulled from the
 * moment it is owned (an on-demand one waits for its first viewer, as on a single node); a camera given up has every
 * profile's session torn down at once, which ends its viewers here (they reconnect and are relayed to the new owner).
 */
final class CameraDuty implements ClusterNode.Duty {
    private static final Logger log = LoggerFactory.getLogger(CameraDuty.class);
    private static final long STOP_TIMEOUT_SECONDS = 5;
    private final Registry registry;
    private final Ingest ingest;
    private final RegistryLiveSources sources;
    private final HealthMonitor health;

    CameraDuty(Registry registry, Ingest ingest, RegistryLiveSources sources, HealthMonitor health) {
        this.registry = registry;
        this.ingest = ingest;
        this.sources = sources;
        this.health = health;
    }

    @Override
    public void take(Set<String> cameraIds) {
        // alerts first: the first observation of a camera must find the alert another node opened for it
        health.adopt(cameraIds).join();
        for (String cameraId : cameraIds) {
            Camera c = registry.camera(cameraId).orElse(null);
            if (c == null || !c.enabled() || c.mode() != StreamMode.ALWAYS_ON) {
                continue;
            }
            for (CameraProfile p : c.profiles()) {
                sources.spec(cameraId, p.name()).ifPresent(ingest::stream);
            }
        }
    }

    /** Returns once every session is torn down, so the new owner's session never overlaps this one. */
    @Override
    public void drop(Set<String> cameraIds) {
        List<CompletableFuture<Boolean>> stopped = new ArrayList<>();
        for (String cameraId : cameraIds) {
            Set<String> profiles = new LinkedHashSet<>(List.of(CameraProfile.MAIN, CameraProfile.SUB));
            registry.camera(cameraId).ifPresent(c -> c.profiles().forEach(p -> profiles.add(p.name())));
            for (String p : profiles) {
                stopped.add(ingest.stop(cameraId + "/" + p));
            }
        }
        health.forget(cameraIds);
        try {
            CompletableFuture.allOf(stopped.toArray(CompletableFuture[]::new)).get(STOP_TIMEOUT_SECONDS,
                    TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("{} camera session(s) did not stop in {} s: {}", stopped.size(), STOP_TIMEOUT_SECONDS,
                    e.toString());
        }
    }
}
