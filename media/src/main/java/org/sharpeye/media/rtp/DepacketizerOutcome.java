package org.sharpeye.media.rtp;

/**
 * What a {@link VideoDepacketizer} did with one RTP packet. When a packet both completes one access unit and
 * fails in the next, the more severe outcome (later in this list) is reported.
 */
public enum DepacketizerOutcome {
    /** Taken into the access unit in progress. */
    BUFFERED,
    /** An access unit was complete and handed on as a frame. */
    FRAME,
    /** A complete access unit was discarded because the decoder must first see a keyframe (after a loss). */
    SKIPPED_UNTIL_KEYFRAME,
    /** A packet older than the last one, or repeated; ignored. */
    DUPLICATE,
    /** An access unit lost packets or fragments and was discarded; counted in framesLost. */
    FRAME_DROPPED,
    /** A frame arrived before any SPS/PPS (neither in the SDP nor in band); discarded. */
    NO_PARAMETER_SETS,
    /** A parameter set could not be parsed. */
    BAD_PARAMETER_SETS,
    /** The payload breaks RFC 6184 / RFC 7798 (truncated aggregate, fragment without start, ...). */
    MALFORMED,
    /** A valid packet type we do not implement (STAP-B, MTAP, FU-B, PACI, interleaved mode). */
    UNSUPPORTED,
    /** A NAL unit exceeded {@link DepacketizerLimits#maxNalUnitBytes()}. */
    NAL_UNIT_TOO_LARGE,
    /** An access unit exceeded {@link DepacketizerLimits#maxAccessUnitBytes()}. */
    ACCESS_UNIT_TOO_LARGE;

    /** True when the input broke a rule or a limit (as opposed to loss, which TCP transport should not see). */
    public boolean isError() {
        return compareTo(NO_PARAMETER_SETS) >= 0;
    }

    /** The more severe of the two. */
    public DepacketizerOutcome worst(DepacketizerOutcome other) {
        return other.compareTo(this) > 0 ? other : this;
    }
}
