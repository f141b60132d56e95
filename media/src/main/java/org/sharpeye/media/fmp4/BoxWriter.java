package org.sharpeye.media.fmp4;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Writes ISO base media file format boxes (ISO/IEC 14496-12 4.2) into a buffer: a box is opened with its type,
 * its body written, and its 32-bit size patched when it is closed.
 */
final class BoxWriter {

    private BoxWriter() {
    }

    /** Opens a box; returns its start index, to pass to {@link #end}. */
    static int begin(ByteBuf out, String type) {
        int start = out.writerIndex();
        out.writeInt(0);
        out.writeCharSequence(type, StandardCharsets.US_ASCII);
        return start;
    }

    /** Opens a full box (a box with version and flags, 4.2). */
    static int beginFull(ByteBuf out, String type, int version, int flags) {
        int start = begin(out, type);
        out.writeInt((version << 24) | (flags & 0xffffff));
        return start;
    }

    /** Closes the box opened at {@code start} by writing its size. */
    static void end(ByteBuf out, int start) {
        out.setInt(start, out.writerIndex() - start);
    }

    static void fourCc(ByteBuf out, String code) {
        out.writeCharSequence(code, StandardCharsets.US_ASCII);
    }

    /** The unity transformation matrix of mvhd and tkhd (8.2.2.3): {0x00010000,0,0,0,0x00010000,0,0,0,0x40000000}. */
    static void unityMatrix(ByteBuf out) {
        int[] m = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};
        for (int v : m) {
            out.writeInt(v);
        }
    }
}
