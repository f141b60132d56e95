package org.sharpeye.gateway;

import org.sharpeye.camsim.CamSim;
import org.sharpeye.camsim.CamSimConfig;
import org.sharpeye.camsim.CameraSpec;
import org.sharpeye.camsim.ClipEncoder;
import org.sharpeye.camsim.ClipSource;
import org.sharpeye.camsim.ProfileSpec;
import org.sharpeye.media.Codec;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraProfile;
import org.sharpeye.registry.CameraQuery;
import org.sharpeye.registry.CameraTier;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.demo.DemoCounty;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The simulated county of {@code ./sharpeye demo}: the demo county in the registry, and one camsim camera per
 * registry camera at the camera's own loopback address, with the vendor paths and credentials the registry holds.
 * One class-I camera in ten is an H.265 camera, as in a county that bought newer cameras lately.
 */
final class Demo {

    /** camsim's RTSP port on every demo camera's own address. */
    static final int RTSP_PORT = CameraSpec.DEFAULT_PORT;
    private static final long CLIP_CACHE_BYTES = 1L << 30;

    private Demo() {
    }

    /** Fills the registry and starts camsim with a camera for each registry camera. */
    static CamSim start(Registry registry) {
        DemoCounty.Summary summary = DemoCounty.populate(registry, RTSP_PORT);
        List<CameraSpec> specs = new ArrayList<>();
        for (Camera camera : registry.cameras(null, CameraQuery.all(Integer.MAX_VALUE)).items()) {
            Map<String, ProfileSpec> profiles = new LinkedHashMap<>();
            for (CameraProfile p : camera.profiles()) {
                URI uri = URI.create(p.url());
                String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                profiles.put(p.name(), new ProfileSpec(path, p.name().equals(CameraProfile.MAIN)
                        ? ClipSource.VideoFormat.MAIN : ClipSource.VideoFormat.SUB));
            }
            specs.add(new CameraSpec(camera.id(), camera.name(), camera.ip(), RTSP_PORT, codecOf(camera), profiles,
                    summary.credentials().username(), summary.credentials().password(), List.of()));
        }
        CamSim camsim = CamSim.start(new CamSimConfig(specs, 0, CLIP_CACHE_BYTES, new ClipEncoder(CLIP_CACHE_BYTES)));
        // The simulated cameras are "powered on" once they can answer: until camsim has encoded its shared clips a
        // DESCRIBE waits for them, and the prober would report healthy cameras as unreachable.
        System.out.println("Starting the simulated cameras (encoding their video, about 10 s) ...");
        try {
            camsim.sharedClipsReady().get(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            camsim.close();
            throw new IllegalStateException("interrupted while the simulated cameras started", e);
        } catch (ExecutionException | TimeoutException e) {
            camsim.close();
            throw new IllegalStateException("the simulated cameras did not start: " + e.getMessage(), e);
        }
        return camsim;
    }

    /** The demo's H.265 cameras: every tenth class-I camera (by the serial in its id). */
    static Codec codecOf(Camera camera) {
        if (camera.tier() != CameraTier.CLASS_I) {
            return Codec.H264;
        }
        int serial = Integer.parseInt(camera.id().substring(camera.id().length() - 6));
        return serial % 10 == 0 ? Codec.H265 : Codec.H264;
    }
}
