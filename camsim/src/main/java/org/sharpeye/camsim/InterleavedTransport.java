package org.sharpeye.camsim;

/** Reads the Transport header of a SETUP (RFC 2326 12.39) for the TCP interleaved alternative. */
final class InterleavedTransport {

    private InterleavedTransport() {
    }

    /**
     * The RTP and RTCP channel numbers of the first {@code RTP/AVP/TCP} alternative, the ones the client asked
     * for, or {@code firstFree, firstFree + 1} when it named none; null when only UDP (or nothing) is offered.
     */
    static int[] tcpChannels(String transport, int firstFree) {
        if (transport == null) {
            return null;
        }
        for (String alternative : transport.split(",")) {
            String[] parts = alternative.trim().split(";");
            if (!parts[0].trim().equalsIgnoreCase("RTP/AVP/TCP")) {
                continue;
            }
            for (String p : parts) {
                String kv = p.trim();
                if (kv.regionMatches(true, 0, "interleaved=", 0, 12)) {
                    int[] ch = range(kv.substring(12));
                    if (ch != null) {
                        return ch;
                    }
                }
            }
            return new int[] {firstFree, firstFree + 1};
        }
        return null;
    }

    private static int[] range(String value) {
        try {
            int dash = value.indexOf('-');
            int rtp = Integer.parseInt((dash < 0 ? value : value.substring(0, dash)).trim());
            int rtcp = dash < 0 ? rtp + 1 : Integer.parseInt(value.substring(dash + 1).trim());
            if (rtp < 0 || rtp > 255 || rtcp < 0 || rtcp > 255) {
                return null;
            }
            return new int[] {rtp, rtcp};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
