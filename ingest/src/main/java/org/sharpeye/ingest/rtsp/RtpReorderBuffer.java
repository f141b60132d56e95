package org.sharpeye.ingest.rtsp;

import org.sharpeye.media.rtp.RtpPacket;

import java.util.function.Consumer;

/**
 * Puts UDP-delivered RTP packets back in sequence order within a small bounded window (RFC 3550 leaves reordering
 * to the receiver). A packet ahead of the expected one waits until the gap fills or the window is full; then the
 * gap is given up as lost and the waiting packets go out in order, so the depacketizer sees the loss once.
 * Late and duplicate packets go out as they are (the depacketizer ignores them). Holds references to waiting
 * packets and releases them on {@link #close()}. Not thread-safe: one event loop.
 */
final class RtpReorderBuffer implements AutoCloseable {

    private final RtpPacket[] slots;
    private final Consumer<RtpPacket> out;
    private int expected = -1;
    private int waiting;

    /**
     * @param window packets held at most (16 is about 80 ms of a 2 Mbit/s camera)
     * @param out receives packets in order; the buffer releases each after out returns
     */
    RtpReorderBuffer(int window, Consumer<RtpPacket> out) {
        this.slots = new RtpPacket[window];
        this.out = out;
    }

    /** Takes one packet; the buffer retains it if it must wait, the caller still releases its own reference. */
    void push(RtpPacket packet) {
        int sequence = packet.sequence();
        if (expected < 0) {
            expected = sequence;
        }
        int ahead = (sequence - expected) & 0xffff;
        if (ahead >= 0x8000) {
            out.accept(packet); // late or repeated: the depacketizer counts and ignores it
            return;
        }
        if (ahead == 0) {
            out.accept(packet);
            expected = (expected + 1) & 0xffff;
            drainInOrder();
            return;
        }
        while (ahead >= slots.length) { // beyond the window: give up the gaps before it
            if (waiting == 0) {
                out.accept(packet); // a jump (camera restart, long loss): continue from here
                expected = (sequence + 1) & 0xffff;
                return;
            }
            skipGap();
            ahead = (sequence - expected) & 0xffff;
            if (ahead >= 0x8000) {
                out.accept(packet);
                return;
            }
            if (ahead == 0) {
                out.accept(packet);
                expected = (expected + 1) & 0xffff;
                drainInOrder();
                return;
            }
        }
        int slot = sequence % slots.length;
        if (slots[slot] == null) {
            slots[slot] = packet.retain();
            waiting++;
        }
        if (waiting == slots.length - 1) {
            skipGap();
        }
    }

    /** Declares the expected packet lost: moves to the next waiting one and delivers from there. */
    private void skipGap() {
        if (waiting == 0) {
            return;
        }
        while (slots[expected % slots.length] == null) {
            expected = (expected + 1) & 0xffff;
        }
        drainInOrder();
    }

    private void drainInOrder() {
        while (waiting > 0) {
            int slot = expected % slots.length;
            RtpPacket next = slots[slot];
            if (next == null || next.sequence() != expected) {
                return;
            }
            slots[slot] = null;
            waiting--;
            try {
                out.accept(next);
            } finally {
                next.release();
            }
            expected = (expected + 1) & 0xffff;
        }
    }

    /** Packets held now. */
    int waiting() {
        return waiting;
    }

    @Override
    public void close() {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null) {
                slots[i].release();
                slots[i] = null;
            }
        }
        waiting = 0;
    }
}
