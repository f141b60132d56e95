package org.sharpeye.media.codec;

import org.sharpeye.media.VideoTrack;

/** The AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1) that FLV and MP4 carry as H.264 decoder setup. */
public final class AvcDecoderConfigurationRecord {

    private AvcDecoderConfigurationRecord() {
    }

    /** The record for one SPS and one PPS, with 4-byte NAL unit lengths. */
    public static byte[] of(VideoTrack track) {
        byte[] sps = track.sps();
        byte[] pps = track.pps();
        if (sps.length < 4) {
            throw new IllegalArgumentException("SPS too short: " + sps.length + " bytes");
        }
        byte[] out = new byte[11 + sps.length + pps.length];
        out[0] = 1;                   // configurationVersion
        out[1] = sps[1];              // AVCProfileIndication
        out[2] = sps[2];              // profile_compatibility
        out[3] = sps[3];              // AVCLevelIndication
        out[4] = (byte) 0xff;         // reserved(6) lengthSizeMinusOne(2) = 3
        out[5] = (byte) 0xe1;         // reserved(3) numOfSequenceParameterSets(5) = 1
        out[6] = (byte) (sps.length >> 8);
        out[7] = (byte) sps.length;
        System.arraycopy(sps, 0, out, 8, sps.length);
        int at = 8 + sps.length;
        out[at] = 1;                  // numOfPictureParameterSets
        out[at + 1] = (byte) (pps.length >> 8);
        out[at + 2] = (byte) pps.length;
        System.arraycopy(pps, 0, out, at + 3, pps.length);
        return out;
    }
}
