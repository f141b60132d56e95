package org.sharpeye.ingest;

import org.junit.jupiter.api.Assumptions;
import org.sharpeye.camsim.CamSim;
import org.sharpeye.camsim.CamSimConfig;
import org.sharpeye.camsim.CameraSpec;
import org.sharpeye.media.Codec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

/**
 * One Hikvision-like camsim camera serving only its sub stream on a free loopback port, the camera of the ingest
 * integration tests. Where camsim cannot start here, the test is aborted (not failed). Closing it stops camsim.
 */
public final class SubStreamCamera implements AutoCloseable {

    private static final String PROFILE = "sub";

    private final CamSim sim;
    private final String id;

    private SubStreamCamera(CamSim sim, String id) {
        this.sim = sim;
        this.id = id;
    }

    /** Starts camsim with the camera {@code id} (a 20-digit device id) called {@code name}. */
    public static SubStreamCamera start(String id, String name, Codec codec) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CameraSpec camera = CameraSpec.hikvisionLike(id, name, "127.0.0.1", port, codec).onlyProfiles(PROFILE);
        try {
            return new SubStreamCamera(CamSim.start(CamSimConfig.of(List.of(camera), null)), id);
        } catch (RuntimeException | LinkageError e) {
            return Assumptions.abort("camsim does not start here: " + e);
        }
    }

    public String id() {
        return id;
    }

    /** The ingest path of the stream: {@code <id>/sub}. */
    public String path() {
        return id + "/" + PROFILE;
    }

    /** The stream's RTSP URL. */
    public String url() {
        return sim.url(id, PROFILE);
    }

    /** The stream as an ingest source, without credentials. */
    public SourceSpec source(boolean onDemand) {
        return new SourceSpec(path(), url(), null, null, onDemand);
    }

    /** RTSP sessions of the stream that are playing now. */
    public int playingSessions() {
        return sim.playingSessions(id, PROFILE);
    }

    /** RTSP sessions of the stream opened since camsim started. */
    public long sessionsOpened() {
        return sim.sessionsOpened(id, PROFILE);
    }

    @Override
    public void close() {
        sim.close();
    }
}
