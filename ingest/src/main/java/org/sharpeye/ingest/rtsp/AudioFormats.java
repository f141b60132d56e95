package org.sharpeye.ingest.rtsp;

import org.sharpeye.media.Codec;

import java.util.Locale;

/**
 * The audio payload formats ingest takes from cameras: G.711 A-law and u-law (static payload types 8 and 0,
 * RFC 3551, or named PCMA/PCMU in an rtpmap) and AAC as MPEG4-GENERIC in mode AAC-hbr or AAC-lbr (RFC 3640).
 */
public final class AudioFormats {

    private AudioFormats() {
    }

    /** The codec of an audio media description, or null when ingest cannot take it. */
    public static Codec codec(SdpMedia media) {
        if (!"audio".equals(media.type())) {
            return null;
        }
        String name = media.codecName();
        if (name.equals("PCMA") || (name.isEmpty() && media.payloadType() == 8)) {
            return Codec.PCMA;
        }
        if (name.equals("PCMU") || (name.isEmpty() && media.payloadType() == 0)) {
            return Codec.PCMU;
        }
        if (name.equals("MPEG4-GENERIC")) {
            String mode = media.fmtp().getOrDefault("mode", "").toLowerCase(Locale.ROOT);
            return mode.equals("aac-hbr") || mode.equals("aac-lbr") ? Codec.AAC : null;
        }
        return null;
    }

    public static boolean supported(SdpMedia media) {
        return codec(media) != null;
    }

    /** The RTP clock of the media: its rtpmap's, or 8000 for the static G.711 types (RFC 3551 table 4). */
    public static int clockRate(SdpMedia media) {
        return media.clockRate() > 0 ? media.clockRate() : 8000;
    }
}
