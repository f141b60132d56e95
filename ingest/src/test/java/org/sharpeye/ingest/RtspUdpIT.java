package org.sharpeye.ingest;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sharpeye.ingest.rtsp.RtspTransport;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Reader;
import org.sharpeye.media.Stream;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RTP over UDP from Debian's GStreamer RTSP server, H.264 and H.265: frames arrive with the right codec, none
 * lost on loopback, and the session outlives several RTCP intervals (our receiver reports carry our own SSRC, so
 * GStreamer sees no collision and keeps its stream).
 */
class RtspUdpIT {

    @RegisterExtension
    static final OpenGstRtspServer server = new OpenGstRtspServer();

    @ParameterizedTest
    @CsvSource({"/h264, H264", "/h265, H265"})
    void playsOverUdp(String mount, Codec codec) throws Exception {
        try (ReaderThread viewer = new ReaderThread();
             Ingest ingest = Ingest.create(IngestOptions.defaults().withTransport(RtspTransport.UDP))) {
            Stream stream = ingest.stream(new SourceSpec("udp" + mount, server.url(mount), null, null, false));
            FrameLog log = new FrameLog();
            Reader reader = stream.addReader("viewer", viewer.executor(), log);
            // 12 s at 25 fps: two RTCP report intervals and more
            List<FrameLog.Seen> frames = log.await(300, 30_000);
            reader.close();
            assertTrue(frames.get(0).keyframe());
            assertEquals(codec, frames.get(0).track().codec());
            for (int i = 1; i < frames.size(); i++) {
                assertTrue(frames.get(i).ptsMicros() > frames.get(i - 1).ptsMicros(), "pts increase");
            }
            assertEquals(0, stream.stats().framesLost());
            assertEquals(SourceState.PLAYING, ingest.status("udp" + mount).state());
            assertEquals(0, ingest.figures("udp" + mount).reconnects(), "one session throughout");
        }
    }
}
