package org.sharpeye.media.rtp;

/**
 * Follows the 16-bit RTP sequence number (RFC 3550 5.1) of one stream for a depacketizer: a gap is counted as lost
 * packets, and a packet behind the expected one (late or repeated) is counted as a duplicate and refused. Every
 * packet offered is counted. Not thread-safe, like the depacketizers that own one.
 */
final class RtpSequence {

    private final DepacketizerStats stats;
    private int expected = -1;
    private boolean gap;

    RtpSequence(DepacketizerStats stats) {
        this.stats = stats;
    }

    /** Counts a packet and takes its sequence number; false for a late or repeated packet, which is to be dropped. */
    boolean accept(int sequence) {
        stats.packet();
        gap = false;
        if (expected >= 0 && sequence != expected) {
            int ahead = (sequence - expected) & 0xffff;
            if (ahead >= 0x8000) {
                stats.duplicate();
                return false;
            }
            stats.packetsLost(ahead);
            gap = true;
        }
        expected = (sequence + 1) & 0xffff;
        return true;
    }

    /** Packets were lost right before the last accepted one. */
    boolean gap() {
        return gap;
    }
}
