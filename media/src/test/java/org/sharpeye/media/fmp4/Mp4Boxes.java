package org.sharpeye.media.fmp4;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A test-side reader of ISO BMFF boxes: walks a file, checking that every box's size fits its parent exactly. */
final class Mp4Boxes {

    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "dinf", "stbl", "mvex",
            "moof", "traf");

    /** A box found at {@code offset}, {@code depth} levels down, with its total size. */
    record Box(String path, int offset, int size) {
    }

    private Mp4Boxes() {
    }

    /** Every box, depth first, as a slash-separated path ("moov/trak/tkhd"); throws when sizes are inconsistent. */
    static List<Box> walk(byte[] file) {
        List<Box> out = new ArrayList<>();
        walk(ByteBuffer.wrap(file), 0, file.length, "", out);
        return out;
    }

    private static void walk(ByteBuffer b, int from, int to, String parent, List<Box> out) {
        int at = from;
        while (at < to) {
            if (to - at < 8) {
                throw new AssertionError("trailing " + (to - at) + " bytes in " + parent + " at " + at);
            }
            int size = b.getInt(at);
            String type = new String(b.array(), at + 4, 4, StandardCharsets.US_ASCII);
            if (size < 8 || size > to - at) {
                throw new AssertionError("box " + parent + type + " at " + at + " has size " + size
                        + " but " + (to - at) + " bytes remain in its parent");
            }
            String path = parent + type;
            out.add(new Box(path, at, size));
            if (CONTAINERS.contains(type)) {
                walk(b, at + 8, at + size, path + "/", out);
            }
            at += size;
        }
    }
}
