package org.sharpeye.ingest.picture;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LumaThumbnailTest {

    private static LumaThumbnail flat(int value) {
        byte[] luma = new byte[LumaThumbnail.WIDTH * LumaThumbnail.HEIGHT];
        Arrays.fill(luma, (byte) value);
        return new LumaThumbnail(luma);
    }

    private static LumaThumbnail noise(long seed, int base, int spread) {
        Random random = new Random(seed);
        byte[] luma = new byte[LumaThumbnail.WIDTH * LumaThumbnail.HEIGHT];
        for (int i = 0; i < luma.length; i++) {
            luma[i] = (byte) Math.min(255, base + random.nextInt(spread));
        }
        return new LumaThumbnail(luma);
    }

    @Test
    void videoBlackIsBlackAndADarkNoisySceneIsNot() {
        assertEquals(PictureState.BLACK, LumaThumbnail.judge(null, flat(16)));
        assertEquals(PictureState.BLACK, LumaThumbnail.judge(null, flat(0)));
        assertEquals(PictureState.OK, LumaThumbnail.judge(null, noise(1, 10, 40)));
        assertEquals(PictureState.OK, LumaThumbnail.judge(null, flat(60)));
    }

    @Test
    void identicalPicturesAreFrozenChangingOnesAreNot() {
        assertEquals(PictureState.FROZEN, LumaThumbnail.judge(noise(7, 50, 150), noise(7, 50, 150)));
        assertEquals(PictureState.OK, LumaThumbnail.judge(noise(7, 50, 150), noise(8, 50, 150)));
        // Black wins over frozen: a black picture is also unchanging.
        assertEquals(PictureState.BLACK, LumaThumbnail.judge(flat(16), flat(16)));
    }

    @Test
    void wrongSizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LumaThumbnail(new byte[10]));
    }
}
