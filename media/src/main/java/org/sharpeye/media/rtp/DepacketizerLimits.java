package org.sharpeye.media.rtp;

/**
 * Bounds on what one source may make the depacketizer buffer, so a broken or hostile camera cannot exhaust memory.
 *
 * @param maxNalUnitBytes largest NAL unit, default 4 MiB
 * @param maxAccessUnitBytes largest access unit (all NAL units with their length prefixes), default 8 MiB
 */
public record DepacketizerLimits(int maxNalUnitBytes, int maxAccessUnitBytes) {

    public static final DepacketizerLimits DEFAULT = new DepacketizerLimits(4 << 20, 8 << 20);

    public DepacketizerLimits {
        if (maxNalUnitBytes <= 0 || maxAccessUnitBytes < maxNalUnitBytes) {
            throw new IllegalArgumentException("limits " + maxNalUnitBytes + "/" + maxAccessUnitBytes);
        }
    }
}
