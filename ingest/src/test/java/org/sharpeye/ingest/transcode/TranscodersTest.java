package org.sharpeye.ingest.transcode;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.sharpeye.ingest.SourceSpec;
import org.sharpeye.media.Codec;
import org.sharpeye.media.DiscardingSink;
import org.sharpeye.media.Frame;
import org.sharpeye.media.FrameSink;
import org.sharpeye.media.Reader;
import org.sharpeye.media.Stream;
import org.sharpeye.media.VideoTrack;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sharing and lifecycle of transcoders over plain streams (no camera: no frames are needed to start and stop). */
class TranscodersTest {

    private static final FrameSink DISCARD = new DiscardingSink();

    private final Map<String, Stream> sources = new HashMap<>();
    private final TranscodeOptions quick = TranscodeOptions.SUB.withIdleTimeout(Duration.ofMillis(100));

    private Stream source(SourceSpec spec) {
        return sources.computeIfAbsent(spec.path(), Stream::new);
    }

    private static SourceSpec spec(String path) {
        return new SourceSpec(path, "rtsp://127.0.0.1:554/x", null, null, true);
    }

    @Test
    void aKnownH264SourceIsServedAsItIs() {
        try (Transcoders transcoders = new Transcoders(this::source, TranscodeOptions.MAIN, quick)) {
            Stream source = source(spec("cam/sub"));
            VideoTrack avc = new VideoTrack(Codec.H264, null, new byte[] {0x67}, new byte[] {0x68}, 640, 360);
            Frame frame = Frame.video(avc, 0, 0, true, Unpooled.buffer().writeInt(1).writeByte(0x65), 0);
            source.publish(frame);
            frame.release();
            assertSame(source, transcoders.transcoded(spec("cam/sub")));
            source.close();
        }
    }

    @Test
    void onePathOneStreamStartedByItsFirstReaderAndStoppedAfterItsLast() throws Exception {
        int liveBefore = H264Transcoder.live();
        try (Transcoders transcoders = new Transcoders(this::source, TranscodeOptions.MAIN, quick)) {
            Stream h264 = transcoders.transcoded(spec("cam/sub"));
            assertSame(h264, transcoders.transcoded(spec("cam/sub")));
            assertNotSame(h264, transcoders.transcoded(spec("cam/main")));
            Stream source = sources.get("cam/sub");
            assertEquals(0, source.readerCount(), "no reader on the source before a viewer comes");

            Reader a = h264.addReader("a", Runnable::run, DISCARD);
            Reader b = h264.addReader("b", Runnable::run, DISCARD);
            awaitTrue(() -> transcoders.running() == 1);
            assertEquals(1, source.readerCount(), "one transcoder for two viewers");
            assertEquals(liveBefore + 1, H264Transcoder.live());

            a.close();
            Thread.sleep(300); // longer than the idle timeout: one viewer left must keep it running
            assertEquals(1, transcoders.running());
            b.close();
            awaitTrue(() -> transcoders.running() == 0 && H264Transcoder.live() == liveBefore);
            assertEquals(0, source.readerCount(), "the source is left, so its on-demand lifecycle follows");

            Reader c = h264.addReader("c", Runnable::run, DISCARD);
            awaitTrue(() -> transcoders.running() == 1 && source.readerCount() == 1);
            c.close();
        }
        assertEquals(liveBefore, H264Transcoder.live(), "close stops every transcoder");
    }

    @Test
    void mainAndSubProfilesGetTheirOwnSizes() {
        try (Transcoders transcoders = new Transcoders(this::source, TranscodeOptions.MAIN, TranscodeOptions.SUB)) {
            assertEquals(1280, transcoders.optionsFor("cam/main").maxWidth());
            assertEquals(640, transcoders.optionsFor("cam/sub").maxWidth());
            assertEquals(640, transcoders.optionsFor("cam/third").maxWidth(), "sized for a sub stream by default");
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(20);
        }
    }
}
