package org.sharpeye.ingest.rtsp;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.sharpeye.media.rtp.RtpPacket;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The UDP reordering window: order restored within it, gaps given up when it fills, nothing leaked. */
class RtpReorderBufferTest {

    private final List<Integer> out = new ArrayList<>();

    private void push(RtpReorderBuffer buffer, int... sequences) {
        for (int s : sequences) {
            RtpPacket p = RtpPacket.of(false, 96, s, 0, 1, Unpooled.wrappedBuffer(new byte[] {(byte) s}));
            try {
                buffer.push(p);
            } finally {
                p.release();
            }
        }
    }

    @Test
    void inOrderPassesAndSwapsAreUndone() {
        try (RtpReorderBuffer b = new RtpReorderBuffer(8, p -> out.add(p.sequence()))) {
            push(b, 1, 2, 4, 3, 5, 7, 6, 8);
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), out);
            assertEquals(0, b.waiting());
        }
    }

    @Test
    void aGapIsGivenUpWhenTheWindowFillsAndTheRestGoesOutInOrder() {
        try (RtpReorderBuffer b = new RtpReorderBuffer(4, p -> out.add(p.sequence()))) {
            push(b, 10, 12, 14, 13); // 11 lost; the window (4) fills with 12, 13, 14
            assertEquals(List.of(10, 12, 13, 14), out);
            push(b, 11, 15); // 11 arrives too late: passed on as it is, the depacketizer ignores it
            assertEquals(List.of(10, 12, 13, 14, 11, 15), out);
        }
    }

    @Test
    void aJumpBeyondTheWindowAndSequenceWrapKeepGoing() {
        try (RtpReorderBuffer b = new RtpReorderBuffer(4, p -> out.add(p.sequence()))) {
            push(b, 65534, 65535, 0, 2, 1, 500, 501);
            assertEquals(List.of(65534, 65535, 0, 1, 2, 500, 501), out);
        }
    }

    @Test
    void packetsStillWaitingAreReleasedOnClose() {
        RtpReorderBuffer b = new RtpReorderBuffer(8, p -> out.add(p.sequence()));
        push(b, 1, 3, 4);
        assertEquals(2, b.waiting());
        b.close(); // the leak detector fails the test if 3 and 4 are not released
        assertEquals(List.of(1), out);
    }
}
