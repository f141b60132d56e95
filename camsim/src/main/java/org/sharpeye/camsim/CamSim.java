package org.sharpeye.camsim;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import org.sharpeye.media.net.NetTransport;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A running fleet of simulated IP cameras: RTSP listeners, one mount per camera profile, faults, and the control
 * API. The in-process API of the demo and the tests; {@link CamSimMain} runs it as a process.
 */
public final class CamSim implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CamSim.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private FleetClips clips;
    private final ExecutorService admin;
    private final Map<String, Camera> cameras = new LinkedHashMap<>();
    private final List<RtspServer> servers = new ArrayList<>();
    private final CamSimStats stats = new CamSimStats();
    private ControlServer control;
    private CompletableFuture<Void> sharedClipsReady = CompletableFuture.completedFuture(null);
    private boolean closed;

    private CamSim() {
        // epoll where it loads, as a node: a fleet of 1,000 simulated cameras leaves more of the CPU to what it tests
        this.boss = NetTransport.preferred().newGroup(1, "camsim-accept");
        this.workers = NetTransport.preferred().newGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                "camsim-rtsp");
        this.admin = Executors.newSingleThreadExecutor(new DefaultThreadFactory("camsim-admin", true));
    }

    /** Starts serving every camera of the config, and the control API; throws when an address cannot be bound. */
    public static CamSim start(CamSimConfig config) {
        CamSim sim = new CamSim();
        try {
            sim.open(config);
            return sim;
        } catch (RuntimeException | IOException e) {
            sim.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    private void open(CamSimConfig config) throws IOException {
        ClipSource source = config.clipSource() != null ? config.clipSource() : defaultEncoder(config.clipCacheBytes());
        clips = new FleetClips(source);
        Map<String, List<Camera>> byAddress = new LinkedHashMap<>();
        for (CameraSpec spec : config.cameras()) {
            Camera camera = newCamera(spec);
            cameras.put(spec.id(), camera);
            byAddress.computeIfAbsent(spec.host() + ":" + spec.port(), k -> new ArrayList<>()).add(camera);
        }
        for (List<Camera> group : byAddress.values()) {
            CameraSpec first = group.get(0).spec;
            RtspServer server = new RtspServer(first.host(), first.port(), group, boss, workers, stats);
            servers.add(server);
            for (Camera c : group) {
                c.server = server;
                for (FaultSpec f : c.spec.faults()) {
                    c.setFault(f);
                }
            }
            server.moveTo(RtspServer.State.OPEN); // binds first, so a free port is known even if it starts refusing
            server.moveTo(listenerState(server));
        }
        sharedClipsReady = clips.prepare(sharedClipsOfFleet());
        control = ControlServer.start(this, config.controlPort(), boss, workers, admin);
        Map<RtspServer.State, Long> states = new java.util.EnumMap<>(RtspServer.State.class);
        servers.forEach(s -> states.merge(s.state(), 1L, Long::sum));
        LOG.info("camsim serving {} cameras on {} RTSP listeners {}; control API on 127.0.0.1:{}", cameras.size(),
                servers.size(), states, control.port());
    }

    private Camera newCamera(CameraSpec spec) {
        return new Camera(spec, (camera, name) -> new Mount(camera, name, spec.profiles().get(name), spec.codec(),
                workers.next(), clips, stats));
    }

    /**
     * The shared clips the fleet needs from the start: the live clip of every codec and format, and the pictures
     * of faults set in the config. Smallest pictures first, so sub streams are ready soonest.
     */
    private List<FleetClips.Key> sharedClipsOfFleet() {
        java.util.Set<FleetClips.Key> keys = new java.util.LinkedHashSet<>();
        for (Camera c : cameras.values()) {
            for (Mount m : c.mounts.values()) {
                keys.add(new FleetClips.Key(c.spec.codec(), m.spec.format(), Picture.LIVE));
                keys.add(new FleetClips.Key(c.spec.codec(), m.spec.format(), m.wantedPicture()));
            }
        }
        return keys.stream().sorted(java.util.Comparator
                .comparingInt((FleetClips.Key k) -> k.picture() == Picture.LIVE ? 0 : 1)
                .thenComparingLong(k -> (long) k.format().width() * k.format().height())).toList();
    }

    /**
     * Completes when the shared clips the fleet needs at start are encoded; from then on every camera answers
     * DESCRIBE and streams at once. {@link #start} returns before that.
     */
    public CompletableFuture<Void> sharedClipsReady() {
        return sharedClipsReady;
    }

    /** The default clips: camsim's encoder with the given cache. */
    static ClipSource defaultEncoder(long cacheBytes) {
        return new ClipEncoder(cacheBytes);
    }

    /** The listener state a camera's faults ask for; only a dedicated listener refuses or vanishes. */
    private static RtspServer.State listenerState(RtspServer server) {
        if (!server.dedicated()) {
            return RtspServer.State.OPEN;
        }
        Fault wide = server.cameras.get(0).cameraWideFault();
        return wide == Fault.REFUSE ? RtspServer.State.REFUSING : wide == Fault.GONE ? RtspServer.State.GONE
                : RtspServer.State.OPEN;
    }

    /**
     * Starts encoding every profile's live clips now, the shared ones and each camera's own (otherwise an own clip
     * is encoded at its first DESCRIBE, the shared clip playing meanwhile); the future completes when all are ready.
     */
    public CompletableFuture<Void> warmUp() {
        return CompletableFuture.allOf(cameras.values().stream().flatMap(c -> c.mounts.values().stream())
                .map(m -> m.prepare(Picture.LIVE)).toArray(CompletableFuture[]::new));
    }

    /** The RTSP URL of a camera profile, without credentials: {@code rtsp://host:port/path}. */
    public String url(String cameraId, String profile) {
        Camera c = camera(cameraId);
        ProfileSpec p = c.spec.profiles().get(profile);
        if (p == null) {
            throw new IllegalArgumentException("camera " + cameraId + " has no profile " + profile);
        }
        return "rtsp://" + c.spec.host() + ":" + c.server.port() + p.path();
    }

    /** The control API's port on 127.0.0.1. */
    public int controlPort() {
        return control.port();
    }

    /** Sets a fault at run time (replacing the one on the profiles it covers); returns once it is in effect. */
    public void setFault(String cameraId, FaultSpec fault) {
        Camera c = camera(cameraId);
        synchronized (c) {
            c.setFault(fault);
            applyListener(c);
            if (fault.fault().picture() != Picture.LIVE) {
                // Encode the frozen or black clip now; the mounts switch to it as soon as it is ready.
                c.mounts.values().stream().filter(m -> fault.covers(m.profile))
                        .forEach(m -> m.prepare(fault.fault().picture()));
            }
            switch (fault.fault()) {
                case CLOSE -> c.connections(fault.profile()).forEach(Channel::close);
                case REFUSE -> c.connections(null).forEach(CamSim::reset);
                default -> {
                    // the others act on the next request or the next tick
                }
            }
        }
    }

    /** Lifts every fault of a camera: normal service resumes without a restart. */
    public void clearFaults(String cameraId) {
        Camera c = camera(cameraId);
        synchronized (c) {
            c.clearFaults();
            applyListener(c);
        }
    }

    private void applyListener(Camera c) {
        try {
            c.server.moveTo(listenerState(c.server));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void reset(Channel ch) {
        ch.config().setOption(ChannelOption.SO_LINGER, 0);
        ch.close();
    }

    /** RTSP sessions of a camera profile that are in PLAY now. */
    public int playingSessions(String cameraId, String profile) {
        return mount(cameraId, profile).playingSessions();
    }

    /** RTSP sessions ever set up on a camera profile. */
    public long sessionsOpened(String cameraId, String profile) {
        return mount(cameraId, profile).sessionsOpened();
    }

    /** The faults of a camera by profile. */
    public Map<String, FaultSpec> faults(String cameraId) {
        return camera(cameraId).faults();
    }

    /** The cameras served, in config order. */
    public List<CameraSpec> cameras() {
        return cameras.values().stream().map(c -> c.spec).toList();
    }

    Collection<Camera> runningCameras() {
        return cameras.values();
    }

    CamSimStats stats() {
        return stats;
    }

    /** The camera with that id; throws {@link UnknownCameraException} when there is none. */
    Camera camera(String cameraId) {
        Camera c = cameras.get(cameraId);
        if (c == null) {
            throw new UnknownCameraException(cameraId);
        }
        return c;
    }

    Mount mount(String cameraId, String profile) {
        Mount m = camera(cameraId).mounts.get(profile);
        if (m == null) {
            throw new IllegalArgumentException("camera " + cameraId + " has no profile " + profile);
        }
        return m;
    }

    /** Stops everything: listeners, connections, timers, threads; every buffer is released. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (control != null) {
            control.close();
        }
        for (RtspServer s : servers) {
            s.close();
        }
        for (Camera c : cameras.values()) {
            c.mounts.values().forEach(Mount::shutdown);
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (clips != null) {
            clips.close();
        }
        admin.shutdownNow();
        try {
            admin.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Thrown for a camera id camsim does not serve. */
    public static final class UnknownCameraException extends IllegalArgumentException {
        UnknownCameraException(String id) {
            super("no camera " + id);
        }
    }
}
