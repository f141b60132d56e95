package org.sharpeye.camsim;

/**
 * One stream of a camera (its "main" or "sub" profile).
 *
 * @param path   the vendor-like request path, query included, e.g. {@code /Streaming/Channels/101} or
 *               {@code /cam/realmonitor?channel=1&subtype=0}; a request must match it exactly (query too)
 * @param format resolution, frame rate, bitrate and GOP
 */
public record ProfileSpec(String path, ClipSource.VideoFormat format) {

    public ProfileSpec {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a profile path starts with '/': " + path);
        }
        if (format == null) {
            throw new IllegalArgumentException("a profile needs a format");
        }
    }
}
