package org.sharpeye.media;

import org.sharpeye.media.codec.AudioSpecificConfig;

import java.util.Arrays;
import java.util.Objects;

/**
 * The decoder configuration of an audio track: codec, sample rate, channels and, for AAC, the
 * AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1) that FLV's sequence header, MP4's esds and the ADTS header are
 * made from. Immutable; a stream carries the latest one like its {@link VideoTrack}.
 *
 * @param config the AudioSpecificConfig for AAC; empty for G.711
 */
public record AudioTrack(Codec codec, int sampleRate, int channels, byte[] config) {

    /** Samples per AAC-LC access unit (ISO/IEC 14496-3 4.5.1.1, frameLengthFlag 0), the duration of a frame. */
    public static final int AAC_FRAME_SAMPLES = 1024;

    public AudioTrack {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(config, "config");
        if (codec.isVideo()) {
            throw new IllegalArgumentException("not an audio codec: " + codec);
        }
        if (sampleRate <= 0 || channels <= 0 || channels > 8) {
            throw new IllegalArgumentException("unusable audio: " + sampleRate + " Hz, " + channels + " channels");
        }
        config = config.clone();
    }

    /**
     * An AAC track from its AudioSpecificConfig; when the camera's SDP gave none, an AAC-LC one is made from the
     * RTP clock rate (RFC 3640 3.3.1: the clock rate is the sampling rate) and {@code channels}.
     *
     * @throws IllegalArgumentException when the config cannot be read or the rate has no AAC sampling index
     */
    public static AudioTrack aac(byte[] config, int clockRate, int channels) {
        byte[] asc = config.length > 0 ? config : AudioSpecificConfig.aacLc(clockRate, channels);
        AudioSpecificConfig parsed = AudioSpecificConfig.parse(asc);
        return new AudioTrack(Codec.AAC, parsed.sampleRate(), parsed.channels(), asc);
    }

    /** A G.711 track (PCMA or PCMU): 8 bits per sample at {@code sampleRate}, no decoder configuration. */
    public static AudioTrack g711(Codec codec, int sampleRate, int channels) {
        if (codec != Codec.PCMA && codec != Codec.PCMU) {
            throw new IllegalArgumentException("not G.711: " + codec);
        }
        return new AudioTrack(codec, sampleRate, channels, new byte[0]);
    }

    /** The AudioSpecificConfig (a copy). */
    @Override
    public byte[] config() {
        return config.clone();
    }

    /** True when both tracks would produce the same sequence header. */
    public boolean sameConfiguration(AudioTrack other) {
        return other != null && codec == other.codec && sampleRate == other.sampleRate
                && channels == other.channels && Arrays.equals(config, other.config);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AudioTrack t && sameConfiguration(t);
    }

    @Override
    public int hashCode() {
        return Objects.hash(codec, sampleRate, channels, Arrays.hashCode(config));
    }

    @Override
    public String toString() {
        return "AudioTrack[" + codec + " " + sampleRate + " Hz " + channels + " ch]";
    }
}
