package org.sharpeye.media.ts;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeye.media.Codec;
import org.sharpeye.media.EncodedSamples;
import org.sharpeye.media.FfmpegDecode;
import org.sharpeye.media.Frame;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TsMuxerTest {

    @TempDir
    Path dir;

    @Test
    void h264TransportStreamIsReadAndDecodedByFfmpeg() throws Exception {
        muxAndProbe(Codec.H264, "h264");
    }

    @Test
    void h265TransportStreamIsReadAndDecodedByFfmpeg() throws Exception {
        muxAndProbe(Codec.H265, "hevc");
    }

    private void muxAndProbe(Codec codec, String ffmpegName) throws Exception {
        List<Frame> frames = EncodedSamples.frames(codec, EncodedSamples.encode(codec, 320, 240, 4, dir), 320, 240);
        TsMuxer muxer = new TsMuxer(PooledByteBufAllocator.DEFAULT);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try {
            for (Frame f : frames) {
                drain(muxer.frame(f), file);
            }
        } finally {
            frames.forEach(Frame::release);
        }
        byte[] bytes = file.toByteArray();
        assertPacketsAreWellFormed(bytes, 2);
        Path ts = dir.resolve("out.ts");
        Files.write(ts, bytes);

        var probe = EncodedSamples.run(List.of("ffprobe", "-v", "error", "-count_frames", "-show_entries",
                "stream=codec_name,width,height,nb_read_frames", "-of", "default=nw=1", ts.toString()));
        assertEquals(0, probe.exitCode(), probe.output());
        assertTrue(probe.output().contains("codec_name=" + ffmpegName), probe.output());
        assertTrue(probe.output().contains("width=320") && probe.output().contains("height=240"), probe.output());
        assertTrue(probe.output().contains("nb_read_frames=100"), probe.output());
        FfmpegDecode.assertClean(ts);
        // 25 fps from 1.4 s: the first frame's PTS and the spacing are what we wrote
        var times = EncodedSamples.run(List.of("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                "packet=pts", "-of", "csv=p=0", ts.toString()));
        List<Long> pts = times.output().lines().map(l -> l.split(",")[0].trim()).filter(s -> !s.isEmpty())
                .map(Long::parseLong)
                .toList();
        assertEquals(100, pts.size(), times.output());
        for (int i = 0; i < pts.size(); i++) {
            assertEquals(126_000 + 3600L * i, pts.get(i), "pts of frame " + i);
        }
    }

    @Test
    void aReaderJoiningMidGopStartsAtTheNextKeyframe() throws Exception {
        List<Frame> frames = EncodedSamples.frames(Codec.H264,
                EncodedSamples.encode(Codec.H264, 320, 240, 3, dir), 320, 240);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        TsMuxer muxer = new TsMuxer(PooledByteBufAllocator.DEFAULT);
        int written = 0;
        try {
            for (Frame f : frames.subList(10, frames.size())) {
                ByteBuf packets = muxer.frame(f);
                if (written == 0 && !f.isKeyframe()) {
                    assertNull(packets, "a frame before the first keyframe must be skipped");
                    continue;
                }
                assertNotNull(packets);
                drain(packets, file);
                written++;
            }
        } finally {
            frames.forEach(Frame::release);
        }
        assertEquals(25, written);
        assertEquals(40, muxer.skippedFrames());
        byte[] bytes = file.toByteArray();
        assertPacketsAreWellFormed(bytes, 1);
        Path ts = dir.resolve("late.ts");
        Files.write(ts, bytes);
        FfmpegDecode.assertClean(ts);
    }

    @Test
    void aMalformedFrameIsSkippedNotThrown() throws Exception {
        List<Frame> frames = EncodedSamples.frames(Codec.H264,
                EncodedSamples.encode(Codec.H264, 320, 240, 1, dir), 320, 240);
        try {
            TsMuxer muxer = new TsMuxer(PooledByteBufAllocator.DEFAULT);
            ByteBuf truncated = PooledByteBufAllocator.DEFAULT.buffer().writeInt(500).writeBytes(new byte[] {0x65, 9});
            Frame bad = Frame.video(frames.get(0).track(), 0, 0, true, truncated, 0);
            try {
                assertNull(muxer.frame(bad));
            } finally {
                bad.release();
            }
            assertEquals(1, muxer.skippedFrames());
            ByteBuf good = muxer.frame(frames.get(0));
            assertNotNull(good);
            assertEquals(0, good.readableBytes() % 188);
            good.release();
        } finally {
            frames.forEach(Frame::release);
        }
    }

    @Test
    void programTablesCarryAValidCrc() {
        byte[] pat = ProgramTables.pat();
        byte[] pmt = ProgramTables.pmt(Codec.H265, 3);
        // a section followed by its CRC_32 gives a zero remainder (ISO/IEC 13818-1 Annex A)
        assertEquals(0, Crc32Mpeg2.of(pat, 0, pat.length));
        assertEquals(0, Crc32Mpeg2.of(pmt, 0, pmt.length));
        // the check value of this CRC variant (CRC-32/MPEG-2) for "123456789"
        byte[] check = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(0x0376E6E7, Crc32Mpeg2.of(check, 0, check.length));
        assertEquals(0x24, pmt[12], "stream_type HEVC");
        assertEquals(3, (pmt[5] >> 1) & 0x1f, "version_number");
    }

    /**
     * Every packet is 188 bytes with the sync byte, each PID's continuity counter advances by one, and every
     * keyframe's first packet (right after a PMT) has the random access indicator and a PCR.
     */
    private static void assertPacketsAreWellFormed(byte[] ts, int expectedKeyframes) {
        assertEquals(0, ts.length % 188, "whole packets");
        Map<Integer, Integer> counters = new HashMap<>();
        int randomAccess = 0;
        boolean afterPmt = false;
        for (int at = 0; at < ts.length; at += 188) {
            assertEquals(0x47, ts[at] & 0xff, "sync byte at " + at);
            int pid = ((ts[at + 1] & 0x1f) << 8) | (ts[at + 2] & 0xff);
            boolean start = (ts[at + 1] & 0x40) != 0;
            int control = (ts[at + 3] >> 4) & 0x3;
            int cc = ts[at + 3] & 0x0f;
            Integer last = counters.put(pid, cc);
            if (last != null) {
                assertEquals((last + 1) & 0x0f, cc, "continuity counter of PID " + pid + " at " + at);
            }
            if (pid == ProgramTables.PMT_PID) {
                afterPmt = true;
            } else if (pid == ProgramTables.VIDEO_PID && start) {
                if (afterPmt) {
                    assertEquals(3, control, "adaptation field on a keyframe");
                    int flags = ts[at + 5] & 0xff;
                    assertEquals(0x50, flags & 0x50, "random access indicator and PCR flag");
                    randomAccess++;
                }
                afterPmt = false;
            }
        }
        assertEquals(expectedKeyframes, randomAccess);
    }

    private static void drain(ByteBuf buf, ByteArrayOutputStream out) throws java.io.IOException {
        try {
            buf.readBytes(out, buf.readableBytes());
        } finally {
            buf.release();
        }
    }
}
