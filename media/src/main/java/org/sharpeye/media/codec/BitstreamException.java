package org.sharpeye.media.codec;

/** A parameter set or other bitstream structure that cannot be parsed: truncated, out of range or unsupported. */
public final class BitstreamException extends Exception {

    public BitstreamException(String message) {
        super(message);
    }
}
