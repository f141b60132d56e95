package org.sharpeye.camsim;

import org.sharpeye.media.Codec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated IP camera.
 *
 * @param host     a loopback address; a camera with its own address (e.g. 127.1.0.7) gets its own listener, so
 *                 TCP-level faults (refuse, gone) hit it alone; cameras sharing an address differ by path
 * @param port     the RTSP port ({@link #DEFAULT_PORT} in fleet files); 0 picks a free port, shared by the cameras
 *                 on that host ({@link CamSim#url} tells it)
 * @param profiles "main" and/or "sub" to their path and format
 * @param username null for no authentication; otherwise RTSP Digest (MD5) is required
 * @param faults   the faults the camera starts with
 */
public record CameraSpec(String id, String name, String host, int port, Codec codec, Map<String, ProfileSpec> profiles,
                         String username, String password, List<FaultSpec> faults) {

    /** The RTSP port cameras use when none is given (not 554, which needs privileges). */
    public static final int DEFAULT_PORT = 8554;

    /** The realm of the Digest challenge. */
    public static final String REALM = "IP Camera(camsim)";

    public CameraSpec {
        if (id == null || id.isBlank() || id.contains("/")) {
            throw new IllegalArgumentException("a camera needs an id without '/': " + id);
        }
        name = name == null ? id : name;
        host = host == null ? "127.0.0.1" : host;
        if (!host.startsWith("127.")) {
            throw new IllegalArgumentException("camera " + id + ": host must be a loopback address, not " + host);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("camera " + id + ": port out of range: " + port);
        }
        if (codec != Codec.H264 && codec != Codec.H265) {
            throw new IllegalArgumentException("camera " + id + ": codec must be H264 or H265");
        }
        if (profiles == null || profiles.isEmpty()) {
            throw new IllegalArgumentException("camera " + id + ": at least one profile");
        }
        for (String p : profiles.keySet()) {
            if (!p.equals("main") && !p.equals("sub")) {
                throw new IllegalArgumentException("camera " + id + ": profile must be main or sub, not " + p);
            }
        }
        profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("camera " + id + ": username and password go together");
        }
        faults = faults == null ? List.of() : List.copyOf(faults);
    }

    /** A camera without credentials or faults, with Hikvision-like paths for main (101) and sub (102). */
    public static CameraSpec hikvisionLike(String id, String name, String host, int port, Codec codec) {
        Map<String, ProfileSpec> profiles = new LinkedHashMap<>();
        profiles.put("main", new ProfileSpec("/Streaming/Channels/101", ClipSource.VideoFormat.MAIN));
        profiles.put("sub", new ProfileSpec("/Streaming/Channels/102", ClipSource.VideoFormat.SUB));
        return new CameraSpec(id, name, host, port, codec, profiles, null, null, List.of());
    }

    /** A camera without credentials or faults, with Dahua-like paths ({@code /cam/realmonitor?channel=1&subtype=N}). */
    public static CameraSpec dahuaLike(String id, String name, String host, int port, Codec codec) {
        Map<String, ProfileSpec> profiles = new LinkedHashMap<>();
        profiles.put("main", new ProfileSpec("/cam/realmonitor?channel=1&subtype=0", ClipSource.VideoFormat.MAIN));
        profiles.put("sub", new ProfileSpec("/cam/realmonitor?channel=1&subtype=1", ClipSource.VideoFormat.SUB));
        return new CameraSpec(id, name, host, port, codec, profiles, null, null, List.of());
    }

    /** True when RTSP Digest authentication is required. */
    public boolean authenticated() {
        return username != null;
    }

    /** The same camera with other initial faults. */
    public CameraSpec withFaults(List<FaultSpec> newFaults) {
        return new CameraSpec(id, name, host, port, codec, profiles, username, password, newFaults);
    }

    /** The same camera with Digest credentials. */
    public CameraSpec withCredentials(String user, String pass) {
        return new CameraSpec(id, name, host, port, codec, profiles, user, pass, faults);
    }

    /** The same camera with other paths, given in profile order (main then sub, as present). */
    public CameraSpec withPaths(String... paths) {
        Map<String, ProfileSpec> changed = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, ProfileSpec> e : profiles.entrySet()) {
            String path = i < paths.length ? paths[i] : e.getValue().path();
            changed.put(e.getKey(), new ProfileSpec(path, e.getValue().format()));
            i++;
        }
        return new CameraSpec(id, name, host, port, codec, changed, username, password, faults);
    }

    /** The same camera with only the named profiles. */
    public CameraSpec onlyProfiles(String... names) {
        Map<String, ProfileSpec> kept = new LinkedHashMap<>();
        for (String n : names) {
            if (profiles.containsKey(n)) {
                kept.put(n, profiles.get(n));
            }
        }
        return new CameraSpec(id, name, host, port, codec, kept, username, password, faults);
    }

    @Override
    public String toString() {
        // Never print the password.
        return "CameraSpec[id=" + id + ", host=" + host + ":" + port + ", codec=" + codec + ", profiles="
                + profiles.keySet() + ", auth=" + authenticated() + ", faults=" + faults + "]";
    }
}
