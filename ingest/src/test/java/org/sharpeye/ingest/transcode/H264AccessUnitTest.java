package org.sharpeye.ingest.transcode;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.sharpeye.media.Codec;
import org.sharpeye.media.VideoTrack;
import org.sharpeye.media.codec.AnnexB;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class H264AccessUnitTest {

    private static final byte[] AUD = {0x09, (byte) 0xf0};
    private static final byte[] SPS = {0x67, 0x64, 0x00, 0x1e, (byte) 0xac};
    private static final byte[] PPS = {0x68, (byte) 0xee, 0x3c, (byte) 0x80};
    private static final byte[] SEI = {0x06, 0x05, 0x01, (byte) 0x80};
    private static final byte[] IDR = {0x65, (byte) 0x88, (byte) 0x84, 0x00};
    private static final byte[] P = {0x41, (byte) 0x9a, 0x02};
    private static final PictureSize SIZE = new PictureSize(640, 360);

    @Test
    void liftsParameterSetsIntoTheTrackAndLengthPrefixesTheRest() {
        byte[] packet = AnnexB.join(List.of(AUD, SPS, PPS, SEI, IDR));
        H264AccessUnit unit = H264AccessUnit.parse(packet, null, SIZE, UnpooledByteBufAllocator.DEFAULT);
        try {
            assertTrue(unit.keyframe());
            assertEquals(new VideoTrack(Codec.H264, null, SPS, PPS, 640, 360), unit.track());
            byte[] expected = {0, 0, 0, 4, 0x06, 0x05, 0x01, (byte) 0x80,
                0, 0, 0, 4, 0x65, (byte) 0x88, (byte) 0x84, 0x00};
            assertArrayEquals(expected, ByteBufUtil.getBytes(unit.data()));
        } finally {
            unit.data().release();
        }
    }

    @Test
    void keepsThePreviousTrackWhenTheParameterSetsRepeat() {
        VideoTrack previous = new VideoTrack(Codec.H264, null, SPS, PPS, 640, 360);
        H264AccessUnit key = H264AccessUnit.parse(AnnexB.join(List.of(SPS, PPS, IDR)), previous, SIZE,
                UnpooledByteBufAllocator.DEFAULT);
        H264AccessUnit delta = H264AccessUnit.parse(AnnexB.join(List.of(P)), previous, SIZE,
                UnpooledByteBufAllocator.DEFAULT);
        try {
            assertSame(previous, key.track());
            assertSame(previous, delta.track());
            assertFalse(delta.keyframe());
        } finally {
            key.data().release();
            delta.data().release();
        }
    }

    @Test
    void nothingBeforeTheFirstParameterSets() {
        assertNull(H264AccessUnit.parse(AnnexB.join(List.of(P)), null, SIZE, UnpooledByteBufAllocator.DEFAULT));
    }
}
