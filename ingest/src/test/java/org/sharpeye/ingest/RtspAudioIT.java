package org.sharpeye.ingest;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;
import org.sharpeye.media.FrameSink;
import org.sharpeye.media.Reader;
import org.sharpeye.media.ReaderCloseReason;
import org.sharpeye.media.Stream;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cameras with audio (GStreamer's RTSP server: H.264 with G.711 A-law or AAC): the audio is set up in the same
 * session, announced to the stream before the first frame, and its frames reach the stream next to the video, on the
 * video's timeline; a video-only camera stays video-only.
 */
class RtspAudioIT {

    @RegisterExtension
    static final OpenGstRtspServer server = new OpenGstRtspServer();

    /** Keeps codec and pts of each frame, and the stream's audio track when the first one came. */
    private static final class Log implements FrameSink {
        record Seen(Codec codec, long ptsMicros) {
        }

        final List<Seen> frames = new ArrayList<>();
        private final Stream stream;
        AudioTrack audioAtFirstFrame;

        Log(Stream stream) {
            this.stream = stream;
        }

        @Override
        public synchronized boolean write(Frame frame) {
            if (frames.isEmpty()) {
                audioAtFirstFrame = stream.audioTrack();
            }
            frames.add(new Seen(frame.codec(), frame.ptsMicros()));
            frame.release();
            notifyAll();
            return true;
        }

        @Override
        public void closed(ReaderCloseReason reason) {
        }

        synchronized List<Seen> awaitAudio(int count, long timeoutMillis) throws InterruptedException {
            MonitorWait.until(this, () -> frames.stream().filter(s -> !s.codec().isVideo()).count() >= count,
                    timeoutMillis, () -> "not " + count + " audio frames in " + timeoutMillis + " ms: " + frames.size()
                            + " frames");
            return List.copyOf(frames);
        }

        synchronized List<Seen> awaitFrames(int count, long timeoutMillis) throws InterruptedException {
            MonitorWait.until(this, () -> frames.size() >= count, timeoutMillis,
                    () -> "only " + frames.size() + " frames");
            return List.copyOf(frames);
        }
    }

    @ParameterizedTest
    @CsvSource({"/h264-pcma, PCMA, 20", "/h264-aac, AAC, 10", "/h264, , 0"})
    void audioFramesJoinTheVideoOnOneTimeline(String mount, Codec audio, int audioFrames) throws Exception {
        try (ReaderThread viewer = new ReaderThread(); Ingest ingest = Ingest.create(IngestOptions.defaults())) {
            Stream stream = ingest.stream(new SourceSpec("cam" + mount, server.url(mount), null, null, false));
            Log log = new Log(stream);
            Reader reader = stream.addReader("viewer", viewer.executor(), log);
            List<Log.Seen> frames = audio == null ? log.awaitFrames(50, 20_000) : log.awaitAudio(audioFrames, 20_000);
            reader.close();
            assertEquals(Codec.H264, frames.get(0).codec(), "a reader starts with the video keyframe");
            List<Log.Seen> audioSeen = frames.stream().filter(s -> !s.codec().isVideo()).toList();
            if (audio == null) {
                assertTrue(audioSeen.isEmpty(), "a video-only camera stays video-only");
                assertNull(log.audioAtFirstFrame);
                return;
            }
            // announced when the audio SETUP succeeded: a container header written at the first keyframe lists it
            assertNotNull(log.audioAtFirstFrame, "the audio track was known at the first video frame");
            assertEquals(audio, log.audioAtFirstFrame.codec());
            assertTrue(audioSeen.stream().allMatch(s -> s.codec() == audio), audioSeen.toString());
            for (int i = 1; i < audioSeen.size(); i++) {
                assertTrue(audioSeen.get(i).ptsMicros() > audioSeen.get(i - 1).ptsMicros(), "audio pts increase");
            }
            long lastVideo = frames.stream().filter(s -> s.codec().isVideo()).mapToLong(Log.Seen::ptsMicros).max()
                    .orElseThrow();
            long lastAudio = audioSeen.get(audioSeen.size() - 1).ptsMicros();
            assertTrue(Math.abs(lastAudio - lastVideo) < 1_000_000, "audio within a second of the video: "
                    + lastAudio + " vs " + lastVideo);
            assertEquals(0, stream.stats().framesLost());
        }
    }
}
