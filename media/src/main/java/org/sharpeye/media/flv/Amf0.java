package org.sharpeye.media.flv;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/** The few AMF0 values (Adobe AMF0 spec) an FLV onMetaData tag needs. */
final class Amf0 {

    private static final int NUMBER = 0;
    private static final int STRING = 2;
    private static final int ECMA_ARRAY = 8;
    private static final int OBJECT_END = 9;

    private Amf0() {
    }

    /** The body of an onMetaData script tag; the caller owns the buffer. */
    static ByteBuf onMetaData(ByteBufAllocator alloc, int width, int height, int videoCodecId) {
        ByteBuf b = alloc.buffer(128);
        b.writeByte(STRING);
        utf8(b, "onMetaData");
        b.writeByte(ECMA_ARRAY);
        b.writeInt(3);
        number(b, "width", width);
        number(b, "height", height);
        number(b, "videocodecid", videoCodecId);
        b.writeShort(0);
        b.writeByte(OBJECT_END);
        return b;
    }

    private static void number(ByteBuf b, String key, double value) {
        utf8(b, key);
        b.writeByte(NUMBER);
        b.writeDouble(value);
    }

    private static void utf8(ByteBuf b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.writeShort(bytes.length);
        b.writeBytes(bytes);
    }
}
