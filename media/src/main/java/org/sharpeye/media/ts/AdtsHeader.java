package org.sharpeye.media.ts;

import io.netty.buffer.ByteBuf;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.codec.AudioSpecificConfig;

/**
 * The 7-byte ADTS header (ISO/IEC 13818-7 6.2, no CRC) that AAC access units carry in MPEG-TS: the profile,
 * sampling index and channel configuration of the track's AudioSpecificConfig, and the frame's length.
 */
final class AdtsHeader {

    static final int SIZE = 7;
    /** aac_frame_length is 13 bits, header included. */
    static final int MAX_FRAME_BYTES = (1 << 13) - 1 - SIZE;

    private AdtsHeader() {
    }

    /**
     * True when ADTS can describe {@code track}: an AAC object type ADTS has a profile for (1 to 4) at a tabled
     * sampling rate, with 1 to 7 channels.
     */
    static boolean describes(AudioTrack track) {
        try {
            AudioSpecificConfig asc = AudioSpecificConfig.parse(track.config());
            return asc.objectType() >= 1 && asc.objectType() <= 4 && asc.samplingIndex() < 13
                    && track.channels() <= 7;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Writes the header of an access unit of {@code payloadBytes} bytes of {@code track}, which it describes. */
    static void write(ByteBuf out, AudioTrack track, int payloadBytes) {
        AudioSpecificConfig asc = AudioSpecificConfig.parse(track.config());
        int length = payloadBytes + SIZE;
        int channels = track.channels();
        out.writeByte(0xFF);
        out.writeByte(0xF1);                                        // sync, MPEG-4, layer 0, no CRC
        out.writeByte((asc.objectType() - 1) << 6 | asc.samplingIndex() << 2 | (channels >> 2) & 1);
        out.writeByte((channels & 3) << 6 | (length >> 11) & 3);
        out.writeByte(length >> 3);
        out.writeByte((length & 7) << 5 | 0x1F);                    // buffer fullness 0x7FF: variable rate
        out.writeByte(0xFC);                                        // one raw data block
    }
}
