package org.sharpeye.ingest;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    @Test
    void ceilingDoublesUpToTheCap() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
        long[] expected = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000};
        for (int n = 0; n < expected.length; n++) {
            assertEquals(expected[n], b.ceiling(n));
        }
        assertEquals(60000, b.ceiling(200), "no overflow however long it fails");
    }

    @Test
    void delaysAreJitteredBelowTheCeilingAndResetStartsOver() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
        long sum = 0;
        for (int i = 0; i < 2000; i++) {
            b.reset();
            for (int n = 0; n < 3; n++) {
                b.nextDelayMillis();
            }
            long d = b.nextDelayMillis(); // the 4th attempt: ceiling 8 s
            assertTrue(d >= 0 && d <= 8000, String.valueOf(d));
            sum += d;
        }
        long mean = sum / 2000;
        assertTrue(mean > 3000 && mean < 5000, "full jitter averages half the ceiling: " + mean);
        b.reset();
        assertEquals(0, b.attempt());
        assertTrue(b.nextDelayMillis() <= 1000);
    }

    @Test
    void specAndOptionsRejectWhatWouldLeakOrLoop() {
        assertThrows(IllegalArgumentException.class,
                () -> new SourceSpec("p", "rtsp://user:pw@cam/live", null, null, false));
        assertThrows(IllegalArgumentException.class, () -> new SourceSpec("p", "ftp://cam/live", null, null, false));
        assertThrows(IllegalArgumentException.class, () -> new SourceSpec("p", "http://u:p@cam/live.flv", null, null, false));
        assertTrue(new SourceSpec("p", "http://cam/live.flv", null, null, false).toString().contains("http://cam/live.flv"));
        assertTrue(new SourceSpec("p", "file:///srv/clip.mp4", null, null, false).toString().contains("file:///srv/clip.mp4"));
        assertThrows(IllegalArgumentException.class, () -> new SourceSpec(" ", "rtsp://cam/live", null, null, false));
        SourceSpec spec = new SourceSpec("p", "rtsp://cam/live?token=abc", "admin", "s3cret", true);
        assertTrue(!spec.toString().contains("s3cret") && !spec.toString().contains("abc"), spec.toString());
        assertThrows(IllegalArgumentException.class,
                () -> IngestOptions.defaults().withBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)));
        IngestOptions d = IngestOptions.defaults();
        assertEquals(Duration.ofSeconds(30), d.idleTimeout());
        assertEquals(Duration.ofSeconds(5), d.connectTimeout());
        assertEquals(Duration.ofSeconds(10), d.responseTimeout());
        assertEquals(Duration.ofSeconds(5), d.stallGap());
    }
}
