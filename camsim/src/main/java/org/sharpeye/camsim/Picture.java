package org.sharpeye.camsim;

/** What a camera's picture looks like; the faults "frozen" and "black" switch it. */
public enum Picture {
    /** The camera's id and name with a moving clock: an operator sees which camera it is and that it is live. */
    LIVE,
    /** The same picture, still: the camera sends frames but nothing moves (a frozen encoder). */
    FROZEN,
    /** A black picture (a covered lens, a dead sensor). */
    BLACK
}
