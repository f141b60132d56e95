package org.sharpeye.ingest.ffmpeg;

import org.junit.jupiter.api.Test;
import org.sharpeye.media.Codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which FFmpeg audio streams are taken, and AAC access units out of ADTS frames. */
class AudioPacketsTest {

    /** AAC-LC, 44.1 kHz stereo: object type 2, sampling index 4, channel configuration 2. */
    private static final byte[] ASC = {0x12, 0x10};

    private static final AudioPackets AAC = AudioPackets.of("aac", ASC, 44100, 2);

    @Test
    void aacTakesItsConfigFromTheExtradataOrMakesAnAacLcOne() {
        assertEquals(Codec.AAC, AAC.track().codec());
        assertArrayEquals(ASC, AAC.track().config());
        AudioPackets fromTs = AudioPackets.of("aac", new byte[0], 48000, 1);
        assertEquals(48000, fromTs.track().sampleRate());
        assertEquals(1, fromTs.track().channels());
    }

    @Test
    void g711IsTakenAndOtherCodecsAreNot() {
        assertEquals(Codec.PCMA, AudioPackets.of("pcm_alaw", new byte[0], 8000, 1).track().codec());
        assertEquals(Codec.PCMU, AudioPackets.of("pcm_mulaw", new byte[0], 8000, 1).track().codec());
        assertNull(AudioPackets.of("mp3", new byte[0], 44100, 2));
        assertNull(AudioPackets.of("opus", new byte[0], 48000, 2));
        assertNull(AudioPackets.of("aac", new byte[0], 44100, 0), "no channels");
    }

    @Test
    void anAdtsHeaderIsStrippedWithItsCrc() {
        byte[] payload = {0x21, 0x10, 0x05};
        // syncword, MPEG-4, layer 0, protection_absent 1 (no CRC): 7 bytes
        byte[] noCrc = concat(new byte[] {(byte) 0xFF, (byte) 0xF1, 0x50, (byte) 0x80, 0x01, 0x3F, (byte) 0xFC},
                payload);
        assertArrayEquals(payload, AAC.accessUnit(noCrc));
        // protection_absent 0: a 2-byte CRC follows, 9 bytes
        byte[] crc = concat(new byte[] {(byte) 0xFF, (byte) 0xF0, 0x50, (byte) 0x80, 0x01, 0x7F, (byte) 0xFC, 0x12,
                0x34}, payload);
        assertArrayEquals(payload, AAC.accessUnit(crc));
    }

    @Test
    void rawAccessUnitsAndG711PassAsTheyAre() {
        byte[] raw = {0x21, 0x10, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00};
        assertArrayEquals(raw, AAC.accessUnit(raw));
        byte[] alaw = {(byte) 0xFF, (byte) 0xF1, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55}; // A-law bytes, not ADTS
        assertArrayEquals(alaw, AudioPackets.of("pcm_alaw", new byte[0], 8000, 1).accessUnit(alaw));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
