package org.sharpeye.camsim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RtspRoutingTest {

    @Test
    void normalizesPathQueryAndTrackControl() {
        assertEquals("/Streaming/Channels/101", RtspServer.normalize("rtsp://127.0.0.1:8554/Streaming/Channels/101"));
        assertEquals("/Streaming/Channels/101", RtspServer.normalize("rtsp://h:1/Streaming/Channels/101/"));
        assertEquals("/Streaming/Channels/101", RtspServer.normalize("rtsp://h:1/Streaming/Channels/101/trackID=0"));
        assertEquals("/cam/realmonitor?channel=1&subtype=0",
                RtspServer.normalize("rtsp://h/cam/realmonitor?channel=1&subtype=0/trackID=0"));
        assertEquals("/cam/realmonitor?channel=1&subtype=0",
                RtspServer.normalize("rtsp://h/cam/realmonitor/trackID=0?channel=1&subtype=0"));
        assertEquals("/", RtspServer.normalize("rtsp://h:1"));
        assertNull(RtspServer.normalize("*"));
    }

    @Test
    void readsTcpInterleavedChannels() {
        assertArrayEquals(new int[] {2, 3}, InterleavedTransport.tcpChannels("RTP/AVP/TCP;unicast;interleaved=2-3", 0));
        assertArrayEquals(new int[] {4, 5}, InterleavedTransport.tcpChannels("RTP/AVP/TCP;unicast", 4));
        assertArrayEquals(new int[] {0, 1}, InterleavedTransport.tcpChannels(
                "RTP/AVP;unicast;client_port=5000-5001,RTP/AVP/TCP;unicast;interleaved=0-1", 6));
        assertNull(InterleavedTransport.tcpChannels("RTP/AVP;unicast;client_port=5000-5001", 0));
        assertNull(InterleavedTransport.tcpChannels(null, 0));
        assertArrayEquals(new int[] {0, 1}, InterleavedTransport.tcpChannels("RTP/AVP/TCP;interleaved=999-1000", 0),
                "out-of-range channels fall back to free ones");
    }

    @Test
    void sessionHeaderLosesItsTimeout() {
        assertEquals("ABC", RtspServerHandler.sessionId("ABC;timeout=60"));
        assertNull(RtspServerHandler.sessionId(" "));
    }
}
