package org.sharpeye.registry;

/**
 * One RTSP stream a camera offers ("main" or "sub"). The URL never carries credentials; ingest adds them from
 * {@link Registry#credentials(String)}.
 */
public record CameraProfile(String name, String url) {
    public static final String MAIN = "main";
    public static final String SUB = "sub";
}
