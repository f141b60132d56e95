package org.sharpeye.media.fmp4;

import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Codec;
import org.sharpeye.media.VideoTrack;
import org.sharpeye.media.codec.AudioSpecificConfig;
import org.sharpeye.media.codec.AvcDecoderConfigurationRecord;
import org.sharpeye.media.codec.HevcDecoderConfigurationRecord;

/**
 * The RFC 6381 {@code codecs} parameter of a video track, as {@code MediaSource.isTypeSupported} and the HLS
 * CODECS attribute expect it. The fields come from the decoder configuration record our init segment carries, so
 * the string always describes what the player will be given.
 */
public final class CodecString {

    private CodecString() {
    }

    /**
     * {@code avc1.PPCCLL} (RFC 6381 3.3: profile_idc, constraint flags, level_idc in hex) for H.264;
     * {@code hvc1.P.C.TL.B...} (ISO/IEC 14496-15 Annex E.3) for H.265, e.g. {@code hvc1.1.6.L93.B0}.
     *
     * @throws IllegalArgumentException when the track's SPS is too short to hold a profile and level
     */
    public static String of(VideoTrack track) {
        if (track.codec() == Codec.H265) {
            return hevc(HevcDecoderConfigurationRecord.of(track));
        }
        byte[] avcC = AvcDecoderConfigurationRecord.of(track);
        return String.format("avc1.%02X%02X%02X", avcC[1] & 0xff, avcC[2] & 0xff, avcC[3] & 0xff);
    }

    /** {@code mp4a.40.N} (RFC 6381 3.3: OTI 0x40, then the AAC audioObjectType), e.g. {@code mp4a.40.2}. */
    public static String of(AudioTrack track) {
        if (track.codec() != Codec.AAC) {
            throw new IllegalArgumentException("no MP4 codecs string for " + track.codec());
        }
        return "mp4a.40." + AudioSpecificConfig.parse(track.config()).objectType();
    }

    /** The codecs of a video track and, when not null, its audio track, comma-separated. */
    public static String of(VideoTrack video, AudioTrack audio) {
        return audio == null ? of(video) : of(video) + "," + of(audio);
    }

    // hvcC bytes 1..12: profile_space(2) tier(1) profile_idc(5), 32 compatibility flags, 48 constraint bits, level.
    private static String hevc(byte[] hvcC) {
        int ptl = hvcC[1] & 0xff;
        int space = ptl >> 6;
        StringBuilder s = new StringBuilder("hvc1.");
        if (space > 0) {
            s.append((char) ('A' + space - 1));
        }
        s.append(ptl & 0x1f).append('.');
        long compat = ((hvcC[2] & 0xffL) << 24) | ((hvcC[3] & 0xff) << 16) | ((hvcC[4] & 0xff) << 8) | (hvcC[5] & 0xff);
        // E.3: the 32 flags "in reverse bit order", in hex with leading zeros omitted
        s.append(Long.toHexString(Integer.reverse((int) compat) & 0xffffffffL).toUpperCase());
        s.append('.').append((ptl & 0x20) != 0 ? 'H' : 'L').append(hvcC[12] & 0xff);
        int lastNonZero = 11;
        while (lastNonZero >= 6 && hvcC[lastNonZero] == 0) {
            lastNonZero--;
        }
        for (int i = 6; i <= lastNonZero; i++) {
            s.append('.').append(String.format("%02X", hvcC[i] & 0xff));
        }
        return s.toString();
    }
}
