package org.sharpeye.ingest.transcode;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PictureSizeTest {

    @Test
    void scalesDownKeepingAspect() {
        assertEquals(new PictureSize(640, 360), new PictureSize(1920, 1080).fitWithin(640, 360));
        assertEquals(new PictureSize(1280, 720), new PictureSize(2560, 1440).fitWithin(1280, 720));
    }

    @Test
    void neverScalesUp() {
        assertEquals(new PictureSize(352, 288), new PictureSize(352, 288).fitWithin(640, 360));
    }

    @Test
    void roundsToEvenSidesForChroma() {
        // 4:3 into 640x360: height bound, 480x360; 1000x750 -> 480x360 too
        assertEquals(new PictureSize(480, 360), new PictureSize(1000, 750).fitWithin(640, 360));
        PictureSize odd = new PictureSize(1279, 719).fitWithin(641, 361);
        assertEquals(0, odd.width() % 2);
        assertEquals(0, odd.height() % 2);
    }

    @Test
    void rejectsEmptyPictures() {
        assertThrows(IllegalArgumentException.class, () -> new PictureSize(0, 10));
    }
}
