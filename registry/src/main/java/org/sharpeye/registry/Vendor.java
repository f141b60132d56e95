package org.sharpeye.registry;

import java.util.List;

/** A camera maker and its RTSP URL templates for the main and sub stream of a channel. */
public enum Vendor {
    HIKVISION("/Streaming/Channels/%d01", "/Streaming/Channels/%d02"),
    DAHUA("/cam/realmonitor?channel=%d&subtype=0", "/cam/realmonitor?channel=%d&subtype=1"),
    UNIVIEW("/unicast/c%d/s0/live", "/unicast/c%d/s1/live"),
    /** No template: the profiles are entered by hand. */
    OTHER(null, null);

    private final String mainPath;
    private final String subPath;

    Vendor(String mainPath, String subPath) {
        this.mainPath = mainPath;
        this.subPath = subPath;
    }

    /** Whether this vendor has URL templates. */
    public boolean hasTemplates() {
        return mainPath != null;
    }

    /** The main and sub profiles of {@code channel} (1-based) on a camera at {@code host:port}, without credentials. */
    public List<CameraProfile> profiles(String host, int port, int channel) {
        if (!hasTemplates()) {
            return List.of();
        }
        String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + (port == 554 ? "" : ":" + port);
        return List.of(
                new CameraProfile(CameraProfile.MAIN, "rtsp://" + authority + String.format(mainPath, channel)),
                new CameraProfile(CameraProfile.SUB, "rtsp://" + authority + String.format(subPath, channel)));
    }
}
