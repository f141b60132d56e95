package org.sharpeye.media;

/** Why a reader stopped receiving frames. */
public enum ReaderCloseReason {
    /** Its owner closed it: the viewer left. */
    CLOSED_BY_OWNER,
    /** The viewer did not take frames for longer than {@link ReaderLimits#stallTimeoutNanos()}. */
    TOO_SLOW,
    /** The viewer overflowed its queue too often within the overflow window. */
    TOO_MANY_OVERFLOWS,
    /** The stream was closed: its camera was removed or the node shuts down. */
    STREAM_CLOSED
}
