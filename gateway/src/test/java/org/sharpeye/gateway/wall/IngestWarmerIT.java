package org.sharpeye.gateway.wall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharpeye.camsim.CamSim;
import org.sharpeye.camsim.CamSimConfig;
import org.sharpeye.camsim.CameraSpec;
import org.sharpeye.camsim.ClipEncoder;
import org.sharpeye.gateway.live.RegistryLiveSources;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.ingest.IngestOptions;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;
import org.sharpeye.media.FrameSink;
import org.sharpeye.media.Reader;
import org.sharpeye.media.ReaderCloseReason;
import org.sharpeye.media.Stream;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraProfile;
import org.sharpeye.registry.CameraTier;
import org.sharpeye.registry.DeviceId;
import org.sharpeye.registry.PasswordHasher;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.SecretBox;
import org.sharpeye.registry.Site;
import org.sharpeye.registry.SiteKind;
import org.sharpeye.registry.StreamMode;
import org.sharpeye.registry.Vendor;
import org.sharpeye.registry.ViewingPolicy;
import org.sharpeye.registry.store.InMemoryStore;

/**
 * A tour warms the next camera through ingest as a viewer would start it: an on-demand camsim camera starts pulling,
 * so a viewer joining at the switch gets a keyframe from the GOP cache at once; closing the warm lets it go.
 */
class IngestWarmerIT {
    private static final String CAM = DeviceId.of("34152201", 0, 132, 0, 77);

    @Test
    void warmingStartsAnOnDemandCameraSoTheNextViewerGetsAPictureAtOnce() throws Exception {
        try (CamSim sim = CamSim.start(new CamSimConfig(List.of(
                CameraSpec.hikvisionLike(CAM, "城关镇 轮巡点", "127.4.1.1", 0, Codec.H264).onlyProfiles("sub")),
                0, 0, ClipEncoder.shared(64L << 20)));
             Registry registry = Registry.open(new InMemoryStore(), SecretBox.random(), ViewingPolicy.defaults(),
                     new PasswordHasher(4), Clock.systemUTC());
             Ingest ingest = Ingest.create(IngestOptions.defaults().withEventLoopThreads(1))) {
            sim.warmUp().join();
            Actor a = Actor.system();
            registry.createSite(new Site("341522", "霍邱县", SiteKind.COUNTY, null, "34152200", 0), a);
            registry.createCamera(new Camera(CAM, "轮巡点", "341522", CameraTier.CLASS_I,
                    List.of(new CameraProfile("sub", sim.url(CAM, "sub"))), Vendor.HIKVISION, "DS-2CD", "127.0.0.1",
                    32.3, 116.2, "城关镇人民路 1 号", null, null, null, 30, List.of(), null, true, StreamMode.ON_DEMAND,
                    24, 0), null, a);
            RegistryLiveSources sources = new RegistryLiveSources(registry);
            IngestWarmer warmer = new IngestWarmer(ingest, sources);

            Warmer.Warm warm = warmer.warm(CAM, "sub");
            Stream stream = ingest.stream(sources.spec(CAM, "sub").orElseThrow());
            assertEquals(1, stream.readerCount(), "the warm reader holds the on-demand source");
            Instant deadline = Instant.now().plusSeconds(20);
            while (stream.gopCacheBytes() == 0 && Instant.now().isBefore(deadline)) {
                Thread.sleep(20); // polling with a deadline on an observable condition: the first GOP arrives
            }
            assertTrue(stream.gopCacheBytes() > 0, "the camera is pulled before anyone watches it");

            List<Boolean> keyframes = new ArrayList<>();
            Reader viewer = stream.addReader("viewer", Runnable::run, new FrameSink() {
                @Override
                public boolean write(Frame frame) {
                    synchronized (keyframes) {
                        if (frame.isVideo()) {
                            keyframes.add(frame.isKeyframe());
                        }
                    }
                    frame.release();
                    return true;
                }

                @Override
                public void closed(ReaderCloseReason reason) {
                }
            });
            synchronized (keyframes) {
                assertTrue(!keyframes.isEmpty() && keyframes.get(0),
                        "a viewer joining the warmed stream gets a keyframe at once: " + keyframes);
            }
            viewer.close();
            warm.close();
            warm.close(); // idempotent
            assertEquals(0, stream.readerCount(), "closing the warm lets the camera go");
            warmer.warm("34152201001320099999", "sub").close(); // an unknown camera warms nothing and fails nothing
        }
    }
}
