package org.sharpeye.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceIdTest {

    @Test
    void acceptsAnIpCameraOfACountyCentre() {
        assertTrue(DeviceId.isCameraId("34152200001320000001"));
        assertEquals("34152201801328000042", DeviceId.of("34152201", 80, 132, 8, 42));
        assertTrue(DeviceId.isCameraId("34152201801318000042"), "131 (camera) is a camera type too");
    }

    @Test
    void namesEachBadPosition() {
        assertEquals(List.of("must be 20 digits, got 19 characters"), DeviceId.cameraIdProblems("3415220000132000000"));
        assertEquals(List.of("position 5 is not a digit"), DeviceId.cameraIdProblems("3415x200001320000001"));
        assertTrue(DeviceId.cameraIdProblems("99152200001320000001").get(0).startsWith("positions 1-2"));
        assertTrue(DeviceId.cameraIdProblems("34152200001180000001").get(0).startsWith("positions 11-13 (type 118)"),
                "an NVR id is not a camera id");
        assertTrue(DeviceId.cameraIdProblems("34152200001329000001").get(0).startsWith("position 14"));
        assertTrue(DeviceId.cameraIdProblems("34001500001320000001").get(0).startsWith("positions 3-4"));
        assertEquals(2, DeviceId.cameraIdProblems("99152200002160000001").size(), "every problem is reported");
    }

    @Test
    void refusesHostileShapes() {
        for (String id : new String[] {"../../etc/passwd", "3415220000132000000%", "'; DROP TABLE documents;--",
            "34152200001320000001\n", "", "３４１５２２０００１３２００００００１"}) {
            assertFalse(DeviceId.isCameraId(id), id);
        }
        assertFalse(DeviceId.isCameraId(null));
    }
}
