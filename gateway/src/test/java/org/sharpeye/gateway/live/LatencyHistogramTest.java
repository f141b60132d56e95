package org.sharpeye.gateway.live;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyHistogramTest {

    @Test
    void quantilesAreWithinTheBucketError() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(-1, h.quantileMicros(0.5), "empty");
        for (int us = 1; us <= 10_000; us++) {
            h.record(us * 1000L);
        }
        assertEquals(10_000, h.count());
        assertWithin(5_000, h.quantileMicros(0.5));
        assertWithin(9_900, h.quantileMicros(0.99));
        assertWithin(10_000, h.quantileMicros(1.0));
        h.reset();
        assertEquals(0, h.count());
    }

    @Test
    void smallValuesAreExactAndHugeOnesAreKept() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(37_400); // 37.4 us
        h.record(-5);     // a clock step: counted as 0
        h.record(Long.MAX_VALUE);
        assertEquals(3, h.count());
        assertEquals(0, h.quantileMicros(0.1));
        assertEquals(37, h.quantileMicros(0.5));
        assertTrue(h.quantileMicros(1.0) > 1L << 39, "the top bucket holds what is beyond it");
    }

    @Test
    void bucketsAreOrderedAndTheirBoundsRoundTrip() {
        for (long us = 0; us < 1L << 20; us = us * 2 + 1) {
            int b = LatencyHistogram.bucket(us);
            assertTrue(LatencyHistogram.lowerBound(b) <= us, us + " in bucket " + b);
            assertTrue(LatencyHistogram.bucket(us + 1) >= b);
            assertEquals(b, LatencyHistogram.bucket(LatencyHistogram.lowerBound(b)));
        }
    }

    private static void assertWithin(long expected, long actual) {
        assertTrue(Math.abs(actual - expected) <= expected / 64 + 1, "expected about " + expected + ", got " + actual);
    }
}
