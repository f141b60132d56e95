package org.sharpeye.ingest.rtsp;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SdpTest {

    private static final URI BASE = URI.create("rtsp://10.0.0.7:554/Streaming/Channels/101?transportmode=unicast");

    @Test
    void readsSeveralMediaWithRelativeAndAbsoluteControls() throws Exception {
        String text = String.join("\r\n",
                "v=0", "o=- 1 1 IN IP4 10.0.0.7", "s=Media Presentation", "t=0 0", "a=control:*",
                "m=video 0 RTP/AVP 96",
                "a=rtpmap:96 H264/90000",
                "a=fmtp:96 profile-level-id=420029; packetization-mode=1; sprop-parameter-sets=Z0IAKeKQFAe2AtwEBAaQeJEV,aM48gA==",
                "a=control:trackID=1",
                "m=audio 0 RTP/AVP 8",
                "a=rtpmap:8 PCMA/8000",
                "a=control:rtsp://10.0.0.7:554/Streaming/Channels/101/trackID=2?transportmode=unicast",
                "m=application 0 RTP/AVP 107",
                "a=rtpmap:107 vnd.onvif.metadata/90000",
                "");
        Sdp sdp = Sdp.parse(text, BASE);
        assertEquals(3, sdp.media().size());
        assertEquals(BASE, sdp.control(), "a=control:* is the base");
        SdpMedia video = sdp.media().get(0);
        assertEquals("video", video.type());
        assertEquals(96, video.payloadType());
        assertEquals("H264", video.codecName());
        assertEquals(90000, video.clockRate());
        assertEquals("1", video.fmtp().get("packetization-mode"));
        assertEquals(URI.create(BASE + "/trackID=1"), video.control());
        List<byte[]> sets = video.parameterSets();
        assertEquals(2, sets.size());
        assertEquals(0x67, sets.get(0)[0]);
        assertArrayEquals(new byte[] {0x68, (byte) 0xce, 0x3c, (byte) 0x80}, sets.get(1));
        SdpMedia audio = sdp.media().get(1);
        assertEquals("PCMA", audio.encoding());
        assertEquals(8000, audio.clockRate());
        assertEquals(URI.create("rtsp://10.0.0.7:554/Streaming/Channels/101/trackID=2?transportmode=unicast"),
                audio.control());
        assertEquals(video, sdp.firstVideo(List.of("H264", "H265")).orElseThrow());
    }

    @Test
    void resolvesAgainstASessionControlAndAContentBaseWithSlash() throws Exception {
        String text = "v=0\na=control:rtsp://cam/base/\nm=video 0 RTP/AVP 97\na=rtpmap:97 H265/90000\n"
                + "a=fmtp:97 sprop-vps=QAEMAf//AWAAAAMAAAMAAAMAAAMAlqwJ; sprop-sps=QgEBAWAAAAMAAAMAAAMAAAMAlqADwIAQ5Za5JMiuAQ==;"
                + " sprop-pps=RAHgdrAmQA==\na=control:stream=0\n";
        Sdp sdp = Sdp.parse(text, URI.create("rtsp://cam/ignored"));
        SdpMedia video = sdp.firstVideo(List.of("H265")).orElseThrow();
        assertEquals(URI.create("rtsp://cam/base/stream=0"), video.control());
        assertEquals(URI.create("rtsp://cam/base/"), sdp.control());
        assertEquals(3, video.parameterSets().size());
        assertEquals(32, (video.parameterSets().get(0)[0] >> 1) & 0x3f);

        Sdp noControl = Sdp.parse("v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n", URI.create("rtsp://c/x/"));
        assertEquals(URI.create("rtsp://c/x/"), noControl.media().get(0).control());
    }

    @Test
    void rtpmapOfAnotherPayloadTypeIsNotTaken() throws Exception {
        Sdp sdp = Sdp.parse("v=0\nm=video 0 RTP/AVP 96\na=rtpmap:97 H265/90000\n", BASE);
        assertEquals("", sdp.media().get(0).encoding());
        assertTrue(sdp.firstVideo(List.of("H264", "H265")).isEmpty());
    }

    @Test
    void hostileDescriptionsAreRejected() {
        assertThrows(SdpException.class, () -> Sdp.parse("", BASE));
        assertThrows(SdpException.class, () -> Sdp.parse("<html>", BASE));
        assertThrows(SdpException.class, () -> Sdp.parse("v=0\nm=video\n", BASE));
        assertThrows(SdpException.class, () -> Sdp.parse("v=0\nm=video 0 RTP/AVP 300\n", BASE));
        assertThrows(SdpException.class, () -> Sdp.parse("v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/abc\n", BASE));
        assertThrows(SdpException.class, () -> Sdp.parse("v=0\nm=video 0 RTP/AVP 96\na=control:bad path\n", BASE));
        assertThrows(SdpException.class, () -> Sdp.parse("v=0\n" + "m=video 0 RTP/AVP 96\n".repeat(17), BASE));
        assertThrows(SdpException.class, () -> Sdp.parse("v=0\n" + "a=x\n".repeat(3000), BASE));
        assertThrows(SdpException.class, () -> Sdp.parse("v=0\n" + "x".repeat(70_000), BASE));
        assertThrows(SdpException.class, () -> Sdp.parse(
                "v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\na=fmtp:96 sprop-parameter-sets=!!!\n", BASE)
                .media().get(0).parameterSets());
    }
}
