package org.sharpeye.ingest.ffmpeg;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeye.media.Codec;
import org.sharpeye.media.EncodedSamples;
import org.sharpeye.media.Frame;
import org.sharpeye.media.VideoTrack;
import org.sharpeye.media.codec.AnnexB;
import org.sharpeye.media.codec.AvcDecoderConfigurationRecord;
import org.sharpeye.media.codec.HevcDecoderConfigurationRecord;
import org.sharpeye.media.codec.NalUnits;
import org.sharpeye.media.rtp.DepacketizerLimits;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Packets as FFmpeg's demuxers give them (Annex B from MPEG-TS/HLS, length-prefixed with an avcC/hvcC from
 * FLV/MP4) become the same frames as the RTSP path makes: real x264/x265 output from Debian's ffmpeg, and hostile
 * packets that must end in {@link BadPacketException}, never another exception or a leak.
 */
class AccessUnitsTest {

    @TempDir
    Path dir;

    /** The NAL units of each access unit of an Annex B stream with delimiters (AUD dropped). */
    private static List<List<byte[]>> accessUnits(Codec codec, byte[] annexB) {
        List<List<byte[]>> units = new ArrayList<>();
        int aud = codec == Codec.H265 ? NalUnits.H265_AUD : NalUnits.H264_AUD;
        for (byte[] nal : AnnexB.split(annexB)) {
            if (NalUnits.type(codec, nal[0]) == aud) {
                units.add(new ArrayList<>());
            } else if (!units.isEmpty()) {
                units.get(units.size() - 1).add(nal);
            }
        }
        return units;
    }

    private static byte[] lengthPrefixed(List<byte[]> nals, int size, Codec codec, boolean withParameterSets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            if (!withParameterSets && NalUnits.isParameterSet(codec, NalUnits.type(codec, nal[0]))) {
                continue;
            }
            for (int i = size - 1; i >= 0; i--) {
                out.write(nal.length >> (8 * i));
            }
            out.write(nal, 0, nal.length);
        }
        return out.toByteArray();
    }

    private static List<Frame> convert(AccessUnits units, List<byte[]> packets) throws BadPacketException {
        List<Frame> frames = new ArrayList<>();
        long pts = 1_000_000;
        for (byte[] packet : packets) {
            Frame f = units.frame(packet, pts, pts, System.nanoTime());
            if (f != null) {
                frames.add(f);
            }
            pts += 40_000;
        }
        return frames;
    }

    private static void assertSameFrames(List<Frame> expected, List<Frame> actual) {
        try {
            assertEquals(expected.size(), actual.size(), "frames");
            for (int i = 0; i < expected.size(); i++) {
                Frame e = expected.get(i);
                Frame a = actual.get(i);
                assertEquals(e.isKeyframe(), a.isKeyframe(), "keyframe " + i);
                assertTrue(e.track().sameConfiguration(a.track()), "track " + i);
                assertEquals(e.track().width(), a.track().width());
                assertEquals(e.track().height(), a.track().height());
                assertArrayEquals(ByteBufUtil.getBytes(e.data()), ByteBufUtil.getBytes(a.data()), "data " + i);
            }
        } finally {
            expected.forEach(Frame::release);
            actual.forEach(Frame::release);
        }
    }

    private void sameFramesFromEveryLayout(Codec codec) throws Exception {
        byte[] stream = EncodedSamples.encode(codec, 320, 240, 2, dir);
        List<List<byte[]>> units = accessUnits(codec, stream);
        VideoTrack track = EncodedSamples.frames(codec, stream, 320, 240).stream().map(f -> {
            VideoTrack t = f.track();
            f.release();
            return t;
        }).reduce((a, b) -> b).orElseThrow();

        // MPEG-TS / HLS: Annex B packets, parameter sets in-band, no extradata.
        List<byte[]> annexB = units.stream().map(AnnexB::join).toList();
        assertSameFrames(EncodedSamples.frames(codec, stream, 320, 240), convert(new AccessUnits(codec,
                DecoderConfiguration.ANNEX_B, DepacketizerLimits.DEFAULT, ByteBufAllocator.DEFAULT), annexB));

        // FLV / MP4: 4-byte lengths, parameter sets in the decoder configuration record only.
        byte[] record = codec == Codec.H265 ? HevcDecoderConfigurationRecord.of(track)
                : AvcDecoderConfigurationRecord.of(track);
        DecoderConfiguration config = DecoderConfiguration.parse(codec, record);
        assertEquals(4, config.nalLengthSize());
        List<byte[]> avcc = units.stream().map(u -> lengthPrefixed(u, 4, codec, false)).toList();
        assertSameFrames(EncodedSamples.frames(codec, stream, 320, 240), convert(new AccessUnits(codec, config,
                DepacketizerLimits.DEFAULT, ByteBufAllocator.DEFAULT), avcc));

        // 2-byte lengths (lengthSizeMinusOne = 1), as some muxers write: converted to 4-byte lengths.
        byte[] shortRecord = record.clone();
        int at = codec == Codec.H265 ? 21 : 4;
        shortRecord[at] = (byte) ((shortRecord[at] & 0xfc) | 1);
        List<byte[]> twoByte = units.stream().map(u -> lengthPrefixed(u, 2, codec, false)).toList();
        assertSameFrames(EncodedSamples.frames(codec, stream, 320, 240), convert(new AccessUnits(codec,
                DecoderConfiguration.parse(codec, shortRecord), DepacketizerLimits.DEFAULT, ByteBufAllocator.DEFAULT),
                twoByte));
    }

    @Test
    void h264AnnexBAndAvccGiveTheSameFrames() throws Exception {
        sameFramesFromEveryLayout(Codec.H264);
    }

    @Test
    void h265AnnexBAndHvccGiveTheSameFrames() throws Exception {
        sameFramesFromEveryLayout(Codec.H265);
    }

    @Test
    void framesBeforeTheFirstKeyframeAreSkipped() throws Exception {
        byte[] stream = EncodedSamples.encode(Codec.H264, 320, 240, 2, dir);
        List<byte[]> annexB = accessUnits(Codec.H264, stream).stream().map(AnnexB::join).toList();
        AccessUnits units = new AccessUnits(Codec.H264, DecoderConfiguration.ANNEX_B, DepacketizerLimits.DEFAULT,
                ByteBufAllocator.DEFAULT);
        assertNull(units.frame(annexB.get(1), 0, 0, 0), "a P-frame before any keyframe");
        Frame key = units.frame(annexB.get(0), 40_000, 40_000, 0);
        try {
            assertTrue(key.isKeyframe());
        } finally {
            key.release();
        }
    }

    @Test
    void hostilePacketsAreBadPacketsNeverCrashes() throws Exception {
        byte[] stream = EncodedSamples.encode(Codec.H264, 320, 240, 1, dir);
        List<List<byte[]>> units = accessUnits(Codec.H264, stream);
        VideoTrack track = EncodedSamples.frames(Codec.H264, stream, 320, 240).stream().map(f -> {
            VideoTrack t = f.track();
            f.release();
            return t;
        }).reduce((a, b) -> b).orElseThrow();
        DecoderConfiguration config = DecoderConfiguration.parse(Codec.H264, AvcDecoderConfigurationRecord.of(track));
        AccessUnits avcc = new AccessUnits(Codec.H264, config, new DepacketizerLimits(4096, 8192),
                ByteBufAllocator.DEFAULT);
        byte[] key = lengthPrefixed(units.get(0), 4, Codec.H264, false);

        assertThrows(BadPacketException.class, () -> avcc.frame(Arrays.copyOf(key, 2), 0, 0, 0), "truncated length");
        assertThrows(BadPacketException.class, () -> avcc.frame(Arrays.copyOf(key, 40), 0, 0, 0), "truncated NAL");
        assertThrows(BadPacketException.class, () -> avcc.frame(new byte[] {0, 0, 0, 1, (byte) 0x85}, 0, 0, 0),
                "forbidden bit");
        assertThrows(BadPacketException.class, () -> avcc.frame(new byte[9000], 0, 0, 0), "over the access unit limit");
        assertThrows(BadPacketException.class, () -> avcc.frame(new byte[] {0, 0, 0x20, 0, 0x65}, 0, 0, 0),
                "NAL unit over its limit");

        Random random = new Random(3);
        AccessUnits annexB = new AccessUnits(Codec.H264, DecoderConfiguration.ANNEX_B, DepacketizerLimits.DEFAULT,
                ByteBufAllocator.DEFAULT);
        for (int i = 0; i < 20_000; i++) {
            byte[] packet = new byte[random.nextInt(64)];
            random.nextBytes(packet);
            for (AccessUnits units1 : new AccessUnits[] {avcc, annexB}) {
                try {
                    Frame f = units1.frame(packet, i, i, 0);
                    if (f != null) {
                        f.release();
                    }
                } catch (BadPacketException expected) {
                    // the only failure allowed
                }
            }
        }
    }

    @Test
    void truncatedOrMalformedRecordsAreRejected() throws Exception {
        byte[] stream = EncodedSamples.encode(Codec.H265, 320, 240, 1, dir);
        List<Frame> frames = EncodedSamples.frames(Codec.H265, stream, 320, 240);
        VideoTrack track = frames.get(0).track();
        frames.forEach(Frame::release);
        byte[] hvcc = HevcDecoderConfigurationRecord.of(track);
        for (int n = 1; n < hvcc.length; n++) {
            byte[] cut = Arrays.copyOf(hvcc, n);
            try {
                DecoderConfiguration.parse(Codec.H265, cut);
            } catch (IllegalArgumentException expected) {
                // truncated: rejected with a reason
            }
        }
        assertEquals(3, DecoderConfiguration.parse(Codec.H265, hvcc).parameterSets().size());
        byte[] lengthThree = hvcc.clone();
        lengthThree[21] = (byte) ((lengthThree[21] & 0xfc) | 2);
        assertThrows(IllegalArgumentException.class, () -> DecoderConfiguration.parse(Codec.H265, lengthThree));
    }
}
