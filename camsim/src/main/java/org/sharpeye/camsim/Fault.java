package org.sharpeye.camsim;

import java.util.Arrays;
import java.util.Locale;

/** A misbehaviour a simulated camera can be told to show; docs/camsim.md gives what a client sees for each. */
public enum Fault {
    /** Connections stay open and RTSP is answered, but no RTP is sent. */
    STALL,
    /** Every connection is closed right after its PLAY response; open ones are closed at once. */
    CLOSE,
    /** Connects are refused (the camera's own listener is closed; on a shared listener: reset at the first request). */
    REFUSE,
    /** 401 to every request, even with good credentials. */
    UNAUTHORIZED,
    /** 404 to DESCRIBE. */
    NOT_FOUND,
    /** 503 to DESCRIBE, SETUP and PLAY. */
    UNAVAILABLE,
    /** Every RTSP response is delayed by the fault's delay. */
    SLOW,
    /** Well-framed interleaved packets whose RTP bytes are random. */
    GARBAGE_RTP,
    /** The picture stops moving (the clip for {@link Picture#FROZEN}). */
    FROZEN,
    /** A black picture (the clip for {@link Picture#BLACK}). */
    BLACK,
    /** The camera vanishes from the network: connects time out, open connections go silent. */
    GONE;

    /** The name used in config files and the control API, e.g. {@code garbage_rtp}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; throws IllegalArgumentException naming the valid ones when unknown. */
    public static Fault parse(String name) {
        for (Fault f : values()) {
            if (f.wireName().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + name + "'; one of "
                + Arrays.stream(values()).map(Fault::wireName).toList());
    }

    /** True for faults that act on the TCP listener, hence on the whole camera whatever profile is given. */
    public boolean cameraWide() {
        return this == REFUSE || this == GONE;
    }

    /** The picture this fault shows, or LIVE. */
    public Picture picture() {
        return this == FROZEN ? Picture.FROZEN : this == BLACK ? Picture.BLACK : Picture.LIVE;
    }
}
