package org.sharpeye.ingest.transcode;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.sharpeye.camsim.CamSim;
import org.sharpeye.camsim.CamSimConfig;
import org.sharpeye.camsim.CameraSpec;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.ingest.IngestOptions;
import org.sharpeye.ingest.SourceSpec;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Reader;
import org.sharpeye.media.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one transcode costs: a camsim H.265 640x360 25 fps sub stream transcoded to H.264 640x360 for 20 s, the
 * cost being the CPU time of the transcoder's worker thread. Runs only when asked (it takes half a minute):
 * {@code mvn -o -pl ingest verify -Dsharpeye.transcodeCost=true -Dit.test=TranscodeCostIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class TranscodeCostIT {

    private static final Logger log = LoggerFactory.getLogger(TranscodeCostIT.class);
    private static final int SECONDS = 20;

    @Test
    void costOfOneSubStreamTranscode() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("sharpeye.transcodeCost"), "set -Dsharpeye.transcodeCost=true");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CameraSpec camera = CameraSpec.hikvisionLike("34052200001320000009", "yard", "127.0.0.1", port, Codec.H265)
                .onlyProfiles("sub");
        ExecutorService viewer = Executors.newSingleThreadExecutor();
        try (CamSim sim = CamSim.start(CamSimConfig.of(List.of(camera), null));
             Ingest ingest = Ingest.create(IngestOptions.defaults());
             Transcoders transcoders = new Transcoders(ingest)) {
            String path = camera.id() + "/sub";
            Stream h264 = transcoders.transcoded(new SourceSpec(path, sim.url(camera.id(), "sub"), null, null, true));
            FlvRecorder recorder = new FlvRecorder();
            Reader reader = h264.addReader("viewer", viewer, recorder);
            recorder.await(50, 60_000); // warmed up: camsim's clip is encoded and the encoder is open

            TranscodeStats start = transcoders.stats(path);
            long t0 = System.nanoTime();
            recorder.await(50 + 25 * SECONDS, 60_000);
            long wall = System.nanoTime() - t0;
            TranscodeStats end = transcoders.stats(path);
            reader.close();

            long frames = end.framesOut() - start.framesOut();
            double cpuPercent = 100.0 * (end.workerCpuNanos() - start.workerCpuNanos()) / wall;
            long framesIn = end.framesIn() - start.framesIn();
            double decodeMicros = (end.decodeNanos() - start.decodeNanos()) / 1000.0 / framesIn;
            double encodeMicros = (end.encodeNanos() - start.encodeNanos()) / 1000.0 / frames;
            log.info(String.format(Locale.ROOT, "transcode cost, H.265 640x360 25 fps -> H.264 640x360 512 kbit/s: "
                            + "%.1f %% of one core over %.1f s, %d frames, decode %.0f us/frame, scale+encode "
                            + "%.0f us/frame, dropped %d, median latency from arrival to viewer %.1f ms", cpuPercent,
                    wall / 1e9, frames, decodeMicros, encodeMicros, end.framesDropped(),
                    recorder.medianLatencyMillis(50)));
            assertEquals(0, end.framesDropped(), "the transcoder kept up");
            assertTrue(cpuPercent > 0 && cpuPercent < 100, "one core carries a sub stream transcode: " + cpuPercent);
        } finally {
            viewer.shutdownNow();
        }
    }
}
