package org.sharpeye.media.rtp;

/**
 * Counters of one depacketizer. Written by the source's thread only; readable from any thread.
 */
public final class DepacketizerStats {

    private volatile long packets;
    private volatile long packetsLost;
    private volatile long duplicates;
    private volatile long framesOut;
    private volatile long framesLost;
    private volatile long framesSkipped;
    private volatile long errors;
    private volatile String lastError;

    void packet() {
        packets++;
    }

    void packetsLost(int n) {
        packetsLost += n;
    }

    void duplicate() {
        duplicates++;
    }

    void frameOut() {
        framesOut++;
    }

    void frameLost() {
        framesLost++;
    }

    void frameSkipped() {
        framesSkipped++;
    }

    void error(DepacketizerOutcome outcome, String detail) {
        errors++;
        lastError = outcome + ": " + detail;
    }

    public long packets() {
        return packets;
    }

    /** Packets missing from the sequence-number series. */
    public long packetsLost() {
        return packetsLost;
    }

    public long duplicates() {
        return duplicates;
    }

    public long framesOut() {
        return framesOut;
    }

    /** Access units seen in part and discarded because of loss or a broken fragment. */
    public long framesLost() {
        return framesLost;
    }

    /** Complete access units discarded while waiting for a keyframe or for parameter sets. */
    public long framesSkipped() {
        return framesSkipped;
    }

    /** Packets and parameter sets rejected as malformed, unsupported or over a limit. */
    public long errors() {
        return errors;
    }

    /** The last error with its detail, or null. */
    public String lastError() {
        return lastError;
    }
}
