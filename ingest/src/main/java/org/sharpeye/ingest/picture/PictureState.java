package org.sharpeye.ingest.picture;

/** What a picture check found. */
public enum PictureState {
    /** The picture changes and is not black. */
    OK,
    /** Mean luma near video black (16 in limited range) with almost no variance: a covered lens, a dead sensor. */
    BLACK,
    /** Two keyframes seconds apart decode to nearly the same picture: the camera repeats a stuck frame. */
    FROZEN
}
