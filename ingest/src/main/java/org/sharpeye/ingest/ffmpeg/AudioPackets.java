package org.sharpeye.ingest.ffmpeg;

import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Codec;

import java.util.Arrays;

/**
 * The audio of an FFmpeg input as SharpEye carries it: the track of an AAC or G.711 stream, and each packet's bytes
 * as a raw access unit. FLV and MP4 give AAC raw with the AudioSpecificConfig in the stream's extradata; MPEG-TS
 * (HLS) gives ADTS frames (ISO/IEC 13818-7 6.2), whose 7- or 9-byte header is stripped here. Other audio codecs
 * are not taken (the stream is then video only).
 */
final class AudioPackets {

    private final AudioTrack track;

    private AudioPackets(AudioTrack track) {
        this.track = track;
    }

    /**
     * The audio of a stream FFmpeg names {@code codecName} ("aac", "pcm_alaw", "pcm_mulaw"), or null for audio this
     * cannot carry.
     *
     * @param extradata the stream's extradata: the AudioSpecificConfig for AAC from FLV or MP4, empty from MPEG-TS
     */
    static AudioPackets of(String codecName, byte[] extradata, int sampleRate, int channels) {
        try {
            return switch (codecName) {
                case "aac" -> new AudioPackets(AudioTrack.aac(extradata, sampleRate, channels));
                case "pcm_alaw" -> new AudioPackets(AudioTrack.g711(Codec.PCMA, sampleRate, channels));
                case "pcm_mulaw" -> new AudioPackets(AudioTrack.g711(Codec.PCMU, sampleRate, channels));
                default -> null;
            };
        } catch (IllegalArgumentException e) { // an unusable rate or channel count, an unreadable config
            return null;
        }
    }

    AudioTrack track() {
        return track;
    }

    /** The access unit of one packet: AAC without its ADTS header when it has one, G.711 as it is. */
    byte[] accessUnit(byte[] packet) {
        if (track.codec() != Codec.AAC || !isAdts(packet)) {
            return packet;
        }
        boolean crc = (packet[1] & 0x01) == 0; // protection_absent 0: a CRC follows the fixed header
        int header = crc ? 9 : 7;
        return packet.length > header ? Arrays.copyOfRange(packet, header, packet.length) : new byte[0];
    }

    /** An ADTS syncword (12 bits set) and layer 0. */
    static boolean isAdts(byte[] packet) {
        return packet.length >= 7 && (packet[0] & 0xFF) == 0xFF && (packet[1] & 0xF6) == 0xF0;
    }
}
