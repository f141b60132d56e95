package org.sharpeye.media.hls;

/** The container of HLS media segments (RFC 8216 3.2, 3.3). */
public enum SegmentFormat {
    /** Fragmented MPEG-4 segments with an EXT-X-MAP init section (RFC 8216 3.3); needs EXT-X-VERSION 7. */
    FMP4(".m4s", 7),
    /** MPEG-2 transport stream segments (RFC 8216 3.2); EXT-X-VERSION 3 for decimal EXTINF durations. */
    MPEG_TS(".ts", 3);

    private final String extension;
    private final int playlistVersion;

    SegmentFormat(String extension, int playlistVersion) {
        this.extension = extension;
        this.playlistVersion = playlistVersion;
    }

    /** The file name extension of a segment, with its dot. */
    public String extension() {
        return extension;
    }

    /** The EXT-X-VERSION a media playlist of these segments declares. */
    public int playlistVersion() {
        return playlistVersion;
    }
}
