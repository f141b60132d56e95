package org.sharpeye.camsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.sharpeye.media.Codec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a camsim fleet file (YAML, or JSON for a {@code .json} name; the format is in docs/camsim.md) and
 * generates benchmark fleets of N cameras on consecutive loopback addresses.
 */
public final class FleetFile {

    private FleetFile() {
    }

    /** Reads a fleet file; the ClipSource is left null (the default encoder). */
    public static CamSimConfig read(Path file) throws IOException {
        ObjectMapper mapper = file.toString().endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        return parse(mapper.readTree(Files.readAllBytes(file)));
    }

    /** Parses a fleet document; throws IllegalArgumentException naming the bad field. */
    public static CamSimConfig parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a fleet file is a map with 'cameras'");
        }
        JsonNode cams = root.path("cameras");
        if (!cams.isArray() || cams.isEmpty()) {
            throw new IllegalArgumentException("'cameras' must be a non-empty list");
        }
        List<CameraSpec> cameras = new ArrayList<>();
        for (JsonNode c : cams) {
            cameras.add(camera(c));
        }
        return new CamSimConfig(cameras, root.path("controlPort").asInt(0), root.path("clipCacheBytes").asLong(0),
                null);
    }

    private static CameraSpec camera(JsonNode c) {
        String id = text(c, "id", null);
        if (id == null) {
            throw new IllegalArgumentException("every camera needs an 'id'");
        }
        Codec codec = codec(text(c, "codec", "h264"));
        String vendor = text(c, "vendor", "hikvision").toLowerCase(Locale.ROOT);
        CameraSpec base = switch (vendor) {
            case "hikvision" -> CameraSpec.hikvisionLike(id, null, "127.0.0.1", 0, codec);
            case "dahua" -> CameraSpec.dahuaLike(id, null, "127.0.0.1", 0, codec);
            default -> throw new IllegalArgumentException("camera " + id + ": vendor must be hikvision or dahua");
        };
        Map<String, ProfileSpec> profiles = new LinkedHashMap<>();
        JsonNode ps = c.path("profiles");
        if (ps.isObject()) {
            for (Map.Entry<String, JsonNode> e : ps.properties()) {
                ProfileSpec fallback = base.profiles().get(e.getKey());
                if (fallback == null) {
                    throw new IllegalArgumentException("camera " + id + ": profile must be main or sub");
                }
                profiles.put(e.getKey(), profile(e.getValue(), fallback));
            }
        } else {
            profiles.putAll(base.profiles());
        }
        List<FaultSpec> faults = new ArrayList<>();
        for (JsonNode f : c.path("faults")) {
            faults.add(new FaultSpec(Fault.parse(text(f, "fault", null)), text(f, "profile", null),
                    f.path("delayMs").asLong(0)));
        }
        return new CameraSpec(id, text(c, "name", id), text(c, "host", "127.0.0.1"), c.path("port").asInt(CameraSpec.DEFAULT_PORT), codec,
                profiles, text(c, "username", null), text(c, "password", null), faults);
    }

    private static ProfileSpec profile(JsonNode p, ProfileSpec fallback) {
        ClipSource.VideoFormat d = fallback.format();
        ClipSource.VideoFormat format = new ClipSource.VideoFormat(p.path("width").asInt(d.width()),
                p.path("height").asInt(d.height()), p.path("fps").asInt(d.fps()),
                p.path("bitrateKbps").asInt(d.bitrateKbps()), p.path("gopFrames").asInt(d.gopFrames()));
        if (format.width() <= 0 || format.height() <= 0 || format.fps() <= 0 || format.fps() > 120
                || format.gopFrames() <= 0) {
            throw new IllegalArgumentException("bad profile format " + format);
        }
        return new ProfileSpec(text(p, "path", fallback.path()), format);
    }

    static Codec codec(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "h264", "avc" -> Codec.H264;
            case "h265", "hevc" -> Codec.H265;
            default -> throw new IllegalArgumentException("codec must be h264 or h265, not " + name);
        };
    }

    private static String text(JsonNode n, String field, String fallback) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    /**
     * N cameras {@code cam-0001..} with Hikvision-like paths on consecutive loopback addresses from {@code baseIp},
     * one camera per address, all on {@code port}.
     */
    public static List<CameraSpec> generate(int n, Codec codec, String baseIp, int port) {
        if (n <= 0 || n > 100_000) {
            throw new IllegalArgumentException("fleet size must be 1..100000");
        }
        long base = address(baseIp);
        List<CameraSpec> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long a = base + i;
            if ((a >>> 24) != 127) {
                throw new IllegalArgumentException("fleet of " + n + " from " + baseIp + " leaves 127.0.0.0/8");
            }
            String host = (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
            String id = String.format("cam-%04d", i + 1);
            out.add(CameraSpec.hikvisionLike(id, "Camera " + (i + 1), host, port, codec));
        }
        return out;
    }

    private static long address(String ip) {
        try {
            byte[] b = InetAddress.getByName(ip).getAddress();
            if (b.length != 4 || (b[0] & 0xff) != 127) {
                throw new IllegalArgumentException("base IP must be in 127.0.0.0/8: " + ip);
            }
            return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + ip);
        }
    }
}
