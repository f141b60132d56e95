package org.sharpeye.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OwnerRoutingTest {
    @Test
    void theCameraIdOfEveryLivePath() {
        assertEquals("34152201131320000001", OwnerRouting.cameraId("/live/34152201131320000001.flv"));
        assertEquals("34152201131320000001", OwnerRouting.cameraId("/live/34152201131320000001.mp4"));
        assertEquals("34152201131320000001", OwnerRouting.cameraId("/live/34152201131320000001/index.m3u8"));
        assertEquals("34152201131320000001", OwnerRouting.cameraId("/live/34152201131320000001/seg-3.m4s"));
        assertEquals("cam", OwnerRouting.cameraId("/live/cam"));
    }
}
