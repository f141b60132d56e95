package org.sharpeye.ingest.rtsp;

/** How RTP reaches us: interleaved on the RTSP connection (RFC 2326 10.12) or as UDP datagrams. */
public enum RtspTransport {
    /** RTP/AVP/TCP interleaved: one connection, works through NAT and firewalls; the default. */
    TCP,
    /** RTP/AVP over UDP unicast to a pair of our ports: what some cameras only offer. */
    UDP;

    public RtspTransport other() {
        return this == TCP ? UDP : TCP;
    }
}
