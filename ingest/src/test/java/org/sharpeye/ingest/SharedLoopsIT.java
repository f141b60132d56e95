package org.sharpeye.ingest;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;
import org.sharpeye.media.FrameSink;
import org.sharpeye.media.ReaderCloseReason;
import org.sharpeye.media.Stream;
import org.sharpeye.media.net.NetTransport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ingest on a node's event loops (as the gateway runs it): a source created from one of the loops publishes on that
 * loop, so a viewer served there gets its frames without a thread hand-over; closing ingest ends the sessions and
 * leaves the loops to their owner.
 */
class SharedLoopsIT {

    private EventLoopGroup loops;

    @BeforeEach
    void startLoops() {
        loops = NetTransport.preferred().newGroup(2, "node-loop");
    }

    @AfterEach
    void stopLoops() {
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aSourceCreatedOnALoopPublishesOnThatLoop() throws Exception {
        List<EventLoop> each = new ArrayList<>();
        for (EventExecutor loop : loops) {
            each.add((EventLoop) loop);
        }
        SubStreamCamera first = SubStreamCamera.start("34052200001320000061", "east gate", Codec.H264);
        SubStreamCamera second = SubStreamCamera.start("34052200001320000062", "west gate", Codec.H264);
        try (first; second; Ingest ingest = Ingest.create(IngestOptions.defaults(), loops)) {
            // Both viewers' requests arrive on the second loop and ask for their cameras there: both cameras run
            // there (taking loops in turn would have put one of them elsewhere).
            EventLoop loop = each.get(1);
            for (SubStreamCamera camera : List.of(first, second)) {
                SourceSpec spec = camera.source(true);
                Stream stream = loop.submit(() -> ingest.stream(spec)).get(5, TimeUnit.SECONDS);
                Thread publisher = publishingThread(stream);
                assertTrue(loop.inEventLoop(publisher), camera.path() + " publishes on the loop that asked for it,"
                        + " not on " + publisher.getName());
            }
        }
    }

    @Test
    void aSourceCreatedElsewhereTakesOneOfTheLoops() throws Exception {
        SubStreamCamera camera = SubStreamCamera.start("34052200001320000063", "bridge", Codec.H264);
        try (camera; Ingest ingest = Ingest.create(IngestOptions.defaults(), loops)) {
            Thread publisher = publishingThread(ingest.stream(camera.source(false)));
            boolean ours = false;
            for (EventExecutor loop : loops) {
                ours |= loop.inEventLoop(publisher);
            }
            assertTrue(ours, "published on " + publisher.getName() + ", which is none of the node's loops");
        }
    }

    @Test
    void closingEndsTheSessionsAndLeavesTheLoopsRunning() throws Exception {
        SubStreamCamera camera = SubStreamCamera.start("34052200001320000064", "market", Codec.H264);
        try (camera) {
            Ingest ingest = Ingest.create(IngestOptions.defaults(), loops);
            Stream stream = ingest.stream(camera.source(false));
            publishingThread(stream);
            assertEquals(1, camera.playingSessions());

            ingest.close();

            assertTrue(stream.isClosed(), "the stream is closed once close returns");
            assertFalse(loops.isShuttingDown(), "the node's loops are not ingest's to stop");
            assertEquals("still running", loops.next().submit(() -> "still running").get(5, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (camera.playingSessions() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20); // camsim counts the TEARDOWN on its own thread; poll with a deadline
            }
            assertEquals(0, camera.playingSessions(), "the camera saw the session end");
        }
    }

    /** The thread on which the stream's next frame is published (a reader running on the publisher's thread). */
    private static Thread publishingThread(Stream stream) throws Exception {
        CompletableFuture<Thread> publisher = new CompletableFuture<>();
        AtomicBoolean joined = new AtomicBoolean();
        stream.addReader("probe", Runnable::run, new FrameSink() {
            @Override
            public boolean write(Frame frame) {
                frame.release();
                if (joined.get()) { // not the cached GOP, which a new reader gets on the thread that joins it
                    publisher.complete(Thread.currentThread());
                }
                return true;
            }

            @Override
            public void closed(ReaderCloseReason reason) {
                publisher.completeExceptionally(new IllegalStateException("reader closed: " + reason));
            }
        });
        joined.set(true);
        return publisher.get(30, TimeUnit.SECONDS);
    }
}
