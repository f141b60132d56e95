package org.sharpeye.ingest.transcode;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Frame;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The order in which a transcoder's passed-through audio leaves, against the video coming out of its encoder. */
class AudioHoldTest {

    private static final AudioTrack AAC = AudioTrack.aac(new byte[0], 44100, 2);

    private final List<Long> published = new ArrayList<>();
    private final List<Frame> frames = new ArrayList<>();
    private final AudioHold hold = new AudioHold(frame -> published.add(frame.ptsMicros()));

    @AfterEach
    void release() {
        hold.close();
        frames.forEach(Frame::release);
        assertEquals(0, frames.stream().mapToInt(Frame::refCnt).sum(), "every held frame released");
    }

    private void audio(long ptsMicros) {
        Frame frame = Frame.audio(AAC, ptsMicros, Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), 0);
        frames.add(frame);
        hold.audio(frame);
    }

    @Test
    void audioWaitsForTheVideoOfItsTime() {
        audio(0);
        audio(23_000);
        audio(46_000);
        assertEquals(List.of(), published, "no video out yet");
        hold.video(23_000);
        assertEquals(List.of(0L, 23_000L), published, "audio up to the video's pts, before it");
        hold.video(63_000);
        assertEquals(List.of(0L, 23_000L, 46_000L), published);
        assertEquals(0, hold.held());
    }

    @Test
    void audioBehindTheVideoAlreadyOutPassesAtOnce() {
        hold.video(100_000);
        audio(80_000);
        audio(100_000);
        assertEquals(List.of(80_000L, 100_000L), published);
        audio(120_000);
        assertEquals(2, published.size(), "ahead of the video: held");
    }

    @Test
    void audioIsNeverHeldMoreThanASecondWhenVideoStops() {
        for (long pts = 0; pts <= 2_000_000; pts += 100_000) {
            audio(pts);
        }
        // 0 .. 2 s held: whatever is more than a second behind the newest frame has gone out, in order
        assertEquals(List.of(0L, 100_000L, 200_000L, 300_000L, 400_000L, 500_000L, 600_000L, 700_000L, 800_000L,
                900_000L), published);
        assertEquals(11, hold.held());
    }

    @Test
    void aVideoTimelineGoingBackReleasesEverythingHeld() {
        hold.video(1_000_000);
        audio(1_020_000);
        audio(1_040_000);
        hold.video(40_000); // the source restarted its clock
        assertEquals(List.of(1_020_000L, 1_040_000L), published);
        assertEquals(0, hold.held());
    }

    @Test
    void closingReleasesWhatIsHeldUnpublished() {
        audio(0);
        audio(23_000);
        hold.close();
        assertEquals(List.of(), published);
        assertEquals(1, frames.get(0).refCnt(), "only the test's own reference is left");
    }
}
