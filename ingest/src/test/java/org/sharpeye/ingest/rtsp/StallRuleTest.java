package org.sharpeye.ingest.rtsp;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stall watchdog's decision and period, and the one clock per loop that runs every session's check. */
class StallRuleTest {

    private static final long MS = 1_000_000;

    @Test
    void checksEveryTenthOfTheGapWithinBounds() {
        assertEquals(500, StallRule.checkPeriodMillis(Duration.ofSeconds(5)));
        assertEquals(150, StallRule.checkPeriodMillis(Duration.ofMillis(1500)));
        assertEquals(100, StallRule.checkPeriodMillis(Duration.ofMillis(300)), "at least 100 ms");
        assertEquals(500, StallRule.checkPeriodMillis(Duration.ofSeconds(60)), "at most 500 ms");
    }

    @Test
    void aSilenceLongerThanTheGapIsAStall() {
        Duration gap = Duration.ofSeconds(5);
        long last = 1_000 * MS;
        assertFalse(StallRule.stalled(last, last, gap));
        assertFalse(StallRule.stalled(last, last + 5_000 * MS, gap), "exactly the gap is not yet a stall");
        assertTrue(StallRule.stalled(last, last + 5_000 * MS + 1, gap));
        // The check runs every period, so the first check after the gap is at most gap + period after the packet.
        long period = StallRule.checkPeriodMillis(gap) * MS;
        long firstCheck = last + 300 * MS; // checks fall at an arbitrary phase to the last packet
        long found = firstCheck;
        while (!StallRule.stalled(last, found, gap)) {
            found += period;
        }
        assertTrue(found - last <= 5_500 * MS, "found after " + (found - last) / MS + " ms");
    }

    @Test
    void oneClockPerLoopRunsEveryCheckAndGoesWithTheLast() throws Exception {
        EventLoop loop = new DefaultEventLoop();
        try {
            CountDownLatch both = new CountDownLatch(2);
            AtomicInteger firstRuns = new AtomicInteger();
            StallClock.Registration[] regs = new StallClock.Registration[2];
            int clocks = loop.submit(() -> {
                regs[0] = StallClock.every(loop, 100, () -> {
                    firstRuns.incrementAndGet();
                    both.countDown();
                });
                regs[1] = StallClock.every(loop, 100, both::countDown);
                return StallClock.clocksOnThisLoop();
            }).get(5, TimeUnit.SECONDS);
            assertEquals(1, clocks, "two sessions share one clock");
            assertTrue(both.await(5, TimeUnit.SECONDS), "both checks ran");

            int left = loop.submit(() -> {
                regs[0].cancel();
                return StallClock.clocksOnThisLoop();
            }).get(5, TimeUnit.SECONDS);
            assertEquals(1, left, "the clock stays while a check is registered");
            int runsAfterCancel = loop.submit(firstRuns::get).get(5, TimeUnit.SECONDS);
            CountDownLatch secondStillRuns = new CountDownLatch(2);
            loop.submit(() -> {
                regs[1].cancel();
                regs[1] = StallClock.every(loop, 100, secondStillRuns::countDown);
            }).get(5, TimeUnit.SECONDS);
            assertTrue(secondStillRuns.await(5, TimeUnit.SECONDS));
            assertEquals(runsAfterCancel, loop.submit(firstRuns::get).get(5, TimeUnit.SECONDS),
                    "a cancelled check no longer runs");
            int none = loop.submit(() -> {
                regs[1].cancel();
                return StallClock.clocksOnThisLoop();
            }).get(5, TimeUnit.SECONDS);
            assertEquals(0, none, "the clock goes with its last check");
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
