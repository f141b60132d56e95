package org.sharpeye.media;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamTest {

    private static final VideoTrack TRACK =
            new VideoTrack(Codec.H264, null, new byte[] {0x67, 0x42, 0, 0x1f}, new byte[] {0x68, 1}, 640, 360);
    private static final Executor DIRECT = Runnable::run;

    private final Stream stream = new Stream("cam/main",
            new ReaderLimits(8, 1_000_000_000L * 3600, 2, 1_000_000_000L * 3600));
    private long pts;

    @AfterEach
    void close() {
        stream.close();
    }

    @Test
    void aNewReaderGetsTheCachedGopFromItsKeyframeThenLiveFrames() {
        publish(false); // before any keyframe: not cached
        publish(true);
        publish(false);
        publish(false);
        RecordingSink sink = new RecordingSink();
        stream.addReader("late", DIRECT, sink);
        assertEquals(List.of(true, false, false), sink.keyflags);
        publish(false);
        assertEquals(4, sink.keyflags.size());
        assertTrue(sink.keyflags.get(0));
    }

    @Test
    void aNewKeyframeStartsANewCachedGop() {
        publish(true);
        publish(false);
        publish(true);
        publish(false);
        RecordingSink sink = new RecordingSink();
        stream.addReader("late", DIRECT, sink);
        assertEquals(List.of(true, false), sink.keyflags);
    }

    @Test
    void aReaderThatCannotTakeFramesLosesThemUpToTheNextKeyframeWhileOthersGetEverything() {
        RecordingSink fast = new RecordingSink();
        RecordingSink stuck = new RecordingSink();
        stuck.accept = false;
        stream.addReader("fast", DIRECT, fast);
        Reader slow = stream.addReader("stuck", DIRECT, stuck);
        publish(true);
        for (int i = 0; i < 12; i++) {
            publish(false); // the stuck reader's queue (8) overflows here
        }
        assertEquals(1, slow.stats().overflows());
        assertEquals(0, slow.queueDepth(), "its queue was emptied");
        publish(false); // still waiting for a keyframe: dropped
        assertEquals(0, slow.queueDepth());
        publish(true);
        assertEquals(1, slow.queueDepth(), "it resumes at the keyframe");
        assertEquals(15, fast.keyflags.size(), "the fast reader lost nothing");
        assertTrue(slow.stats().framesDropped() >= 8);
        stuck.accept = true;
        slow.resume();
        assertTrue(stuck.keyflags.get(stuck.keyflags.size() - 1), "the first frame after the loss is a keyframe");
    }

    @Test
    void aReaderThatOverflowsTooOftenIsDisconnected() {
        RecordingSink stuck = new RecordingSink();
        stuck.accept = false;
        Reader slow = stream.addReader("stuck", DIRECT, stuck);
        for (int round = 0; round < 4; round++) {
            publish(true);
            for (int i = 0; i < 9; i++) {
                publish(false);
            }
        }
        assertTrue(slow.isClosed());
        assertEquals(ReaderCloseReason.TOO_MANY_OVERFLOWS, stuck.closedWith);
        assertEquals(0, stream.readerCount());
        assertEquals(1, stream.disconnects(ReaderCloseReason.TOO_MANY_OVERFLOWS));
    }

    @Test
    void aStalledReaderIsClosedAfterTheStallTimeout() {
        Stream s = new Stream("cam/sub", new ReaderLimits(1000, 1, 3, 1_000_000_000L));
        try {
            RecordingSink stuck = new RecordingSink();
            stuck.accept = false;
            Reader r = s.addReader("stuck", DIRECT, stuck);
            Frame f = frame(true);
            s.publish(f);
            f.release();
            long deadline = System.nanoTime() + 1_000_000; // a 1 ns timeout is over once time has moved on
            while (System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            Frame g = frame(false);
            s.publish(g);
            s.publish(g);
            g.release();
            assertTrue(r.isClosed());
            assertEquals(ReaderCloseReason.TOO_SLOW, stuck.closedWith);
        } finally {
            s.close();
        }
    }

    @Test
    void readersChangedFiresOnJoinAndLeave() {
        List<Integer> counts = new ArrayList<>();
        stream.onReadersChanged(() -> counts.add(stream.readerCount()));
        Reader r = stream.addReader("a", DIRECT, new RecordingSink());
        r.close();
        r.close();
        assertEquals(List.of(1, 0), counts);
        assertNull(stream.readers().stream().filter(x -> x == r).findAny().orElse(null));
    }

    @Test
    void closingTheStreamClosesReadersAndReleasesTheCache() {
        publish(true);
        RecordingSink sink = new RecordingSink();
        stream.addReader("a", DIRECT, sink);
        assertTrue(stream.gopCacheBytes() > 0);
        stream.close();
        assertEquals(ReaderCloseReason.STREAM_CLOSED, sink.closedWith);
        assertEquals(0, stream.gopCacheBytes());
        assertFalse(stream.readers().iterator().hasNext());
    }

    @Test
    void aReaderYieldsItsExecutorAfterAFewFramesOfAGopBurst() {
        Stream roomy = new Stream("cam/sub", new ReaderLimits(64, 1_000_000_000L * 3600, 2, 1_000_000_000L * 3600));
        for (int i = 0; i < 20; i++) {
            Frame f = frame(i == 0);
            roomy.publish(f);
            f.release();
        }
        java.util.ArrayDeque<Runnable> tasks = new java.util.ArrayDeque<>();
        RecordingSink sink = new RecordingSink();
        Reader reader = roomy.addReader("late", tasks::add, sink);
        assertEquals(1, tasks.size(), "one task scheduled for the burst");
        tasks.poll().run();
        assertEquals(Reader.FRAMES_PER_TASK, sink.keyflags.size(), "the first task stops after a few frames");
        assertEquals(1, tasks.size(), "and schedules the rest behind what else waits on the executor");
        while (!tasks.isEmpty()) {
            tasks.poll().run();
        }
        assertEquals(20, sink.keyflags.size());
        assertEquals(0, reader.queueDepth());
        roomy.close();
        tasks.forEach(Runnable::run);
    }

    @Test
    void theStreamKnowsItsAudioTrackFromAnAnnouncementOrItsFrames() {
        assertNull(stream.audioTrack());
        AudioTrack announced = AudioTrack.g711(Codec.PCMA, 8000, 1);
        stream.announceAudio(announced);
        assertEquals(announced, stream.audioTrack());
        AudioTrack aac = AudioTrack.aac(new byte[] {0x12, 0x10}, 44100, 2); // AAC-LC, 44.1 kHz, stereo
        assertEquals(44100, aac.sampleRate());
        assertEquals(2, aac.channels());
        publish(true);
        Frame audio = Frame.audio(aac, pts, PooledByteBufAllocator.DEFAULT.buffer(4).writeInt(7), System.nanoTime());
        stream.publish(audio);
        audio.release();
        assertEquals(aac, stream.audioTrack());
        RecordingSink sink = new RecordingSink();
        stream.addReader("late", DIRECT, sink);
        assertEquals(List.of(true, true), sink.keyflags, "the GOP cache holds the audio after its keyframe");
    }

    @Test
    void readersOnThePublishersLoopAreServedBeforeReadersElsewhereAreWoken() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        DefaultEventLoop other = new DefaultEventLoop();
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        try {
            stream.addReader("same loop", loop, new FrameSink() {
                @Override
                public boolean write(Frame frame) {
                    events.add("served on the loop");
                    frame.release();
                    return true;
                }

                @Override
                public void closed(ReaderCloseReason reason) {
                }
            });
            // Another loop's reader: its executor records when it is asked to run a drain (the wake-up).
            stream.addReader("elsewhere", task -> {
                events.add("other loop woken");
                other.execute(task);
            }, new RecordingSink());
            loop.submit(() -> publish(true)).get(5, TimeUnit.SECONDS); // the loop's reader has drained there once
            loop.submit(() -> { }).get(5, TimeUnit.SECONDS); // the other loop was woken ...
            // ... and has drained: a reader whose drain is still pending needs no new wake-up for the next frame.
            other.submit(() -> { }).get(5, TimeUnit.SECONDS);
            events.clear();

            loop.submit(() -> publish(false)).get(5, TimeUnit.SECONDS);
            loop.submit(() -> { }).get(5, TimeUnit.SECONDS); // the tasks the publish queued have run

            assertEquals(List.of("served on the loop", "other loop woken"), events);
        } finally {
            stream.close(); // while the loops still take the readers' last tasks
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            other.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private void publish(boolean key) {
        Frame f = frame(key);
        stream.publish(f);
        f.release();
    }

    private Frame frame(boolean key) {
        pts += 40_000;
        var data = PooledByteBufAllocator.DEFAULT.buffer(16).writeInt(4).writeInt(key ? 0x65000000 : 0x41000000);
        return Frame.video(TRACK, pts, pts, key, data, System.nanoTime());
    }

    private static final class RecordingSink implements FrameSink {
        final List<Boolean> keyflags = new ArrayList<>();
        boolean accept = true;
        ReaderCloseReason closedWith;

        @Override
        public boolean write(Frame frame) {
            keyflags.add(frame.isKeyframe());
            frame.release();
            return accept;
        }

        @Override
        public void closed(ReaderCloseReason reason) {
            closedWith = reason;
        }
    }
}
