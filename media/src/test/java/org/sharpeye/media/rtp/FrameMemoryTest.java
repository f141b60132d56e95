package org.sharpeye.media.rtp;

import org.junit.jupiter.api.Test;
import org.sharpeye.media.Frame;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A frame's buffer is about the size of its bytes: frames live on in the GOP cache, and an assembly buffer of
 * 64 KiB behind each 5 KB P-frame multiplies into gigabytes over a GOP and a thousand cameras.
 */
class FrameMemoryTest {

    @Test
    void framesHoldLittleMoreThanTheirBytes() throws Exception {
        List<byte[]> packets = RtpCapture.h264();
        try (Frames out = new Frames(); H264Depacketizer d = new H264Depacketizer(List.of(), out)) {
            Frames.push(d, packets);
            assertEquals(RtpCapture.FRAMES, out.frames.size());
            for (Frame f : out.frames) {
                int readable = f.data().readableBytes();
                assertTrue(f.data().capacity() <= readable + (readable >> 3),
                        "capacity " + f.data().capacity() + " for " + readable + " bytes");
            }
        }
    }
}
