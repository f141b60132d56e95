package org.sharpeye.camsim;

import org.sharpeye.media.Codec;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs camsim as a process: {@code --config fleet.yaml [--control-port N]}, or a generated benchmark fleet
 * {@code --fleet N --codec h264|h265 [--base-ip 127.2.0.1] [--port 8554] [--shared-clip] [--control-port N]}.
 * Prints one line {@code camsim ready control=PORT cameras=N} when serving; stops on SIGTERM/SIGINT.
 */
public final class CamSimMain {

    private CamSimMain() {
    }

    public static void main(String[] args) throws Exception {
        CamSimConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("camsim: " + e.getMessage());
            System.err.println("usage: CamSimMain --config fleet.yaml [--control-port N]\n"
                    + "       CamSimMain --fleet N --codec h264|h265 [--base-ip 127.2.0.1] [--port 8554]"
                    + " [--shared-clip] [--control-port N]");
            System.exit(2);
            return;
        }
        CamSim sim = CamSim.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "camsim-shutdown"));
        System.out.println("camsim ready control=" + sim.controlPort() + " cameras=" + config.cameras().size());
        System.out.flush();
        stopped.await();
    }

    /** Reads the command line into a config. */
    static CamSimConfig parse(String[] args) throws java.io.IOException {
        String configFile = null;
        int fleet = 0;
        Codec codec = Codec.H264;
        String baseIp = "127.2.0.1";
        int port = CameraSpec.DEFAULT_PORT;
        int controlPort = -1;
        boolean sharedClip = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--config" -> configFile = value(args, ++i, a);
                case "--fleet" -> fleet = Integer.parseInt(value(args, ++i, a));
                case "--codec" -> codec = FleetFile.codec(value(args, ++i, a));
                case "--base-ip" -> baseIp = value(args, ++i, a);
                case "--port" -> port = Integer.parseInt(value(args, ++i, a));
                case "--control-port" -> controlPort = Integer.parseInt(value(args, ++i, a));
                case "--shared-clip" -> sharedClip = true;
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        CamSimConfig config;
        if (configFile != null) {
            config = FleetFile.read(Path.of(configFile));
        } else if (fleet > 0) {
            config = new CamSimConfig(FleetFile.generate(fleet, codec, baseIp, port), 0, 0, null);
        } else {
            throw new IllegalArgumentException("give --config FILE or --fleet N");
        }
        ClipSource clips = config.clipSource();
        if (sharedClip) {
            clips = new SharedClips(CamSim.defaultEncoder(config.clipCacheBytes()));
        }
        return new CamSimConfig(config.cameras(), controlPort >= 0 ? controlPort : config.controlPort(),
                config.clipCacheBytes(), clips);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** Plays one clip per codec, format and picture on every camera (one encoding for a whole benchmark fleet). */
    record SharedClips(ClipSource inner) implements ClipSource {
        @Override
        public Clip clip(String cameraId, String label, Codec codec, VideoFormat format, Picture picture) {
            return inner.sharedClip(codec, format, picture);
        }

        @Override
        public Clip sharedClip(Codec codec, VideoFormat format, Picture picture) {
            return inner.sharedClip(codec, format, picture);
        }
    }
}
