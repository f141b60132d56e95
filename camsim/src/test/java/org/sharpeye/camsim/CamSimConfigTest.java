package org.sharpeye.camsim;

import org.junit.jupiter.api.Test;
import org.sharpeye.media.Codec;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CamSimConfigTest {

    /** Regression: two Hikvision-style cameras on one listener answered for each other without a word. */
    @Test
    void twoCamerasWithTheSamePathOnOneAddressAreRejected() {
        var a = CameraSpec.hikvisionLike("a", "A", "127.0.0.1", 0, Codec.H264);
        var b = CameraSpec.hikvisionLike("b", "B", "127.0.0.1", 0, Codec.H265);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new CamSimConfig(List.of(a, b), 0, 0, new ClipEncoder(1 << 20)));
        assertTrue(e.getMessage().contains("both serve /Streaming/Channels/10"), e.getMessage());
    }

    @Test
    void theSamePathOnOwnAddressesIsFine() {
        var a = CameraSpec.hikvisionLike("a", "A", "127.7.0.1", 0, Codec.H264);
        var b = CameraSpec.hikvisionLike("b", "B", "127.7.0.2", 0, Codec.H264);
        assertDoesNotThrow(() -> new CamSimConfig(List.of(a, b), 0, 0, new ClipEncoder(1 << 20)));
    }
}
