package org.sharpeye.media.codec;

import org.sharpeye.media.VideoTrack;

import java.io.ByteArrayOutputStream;

/**
 * The HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3.1) that enhanced FLV and MP4 carry as H.265
 * decoder setup. The general profile, tier and level fields are copied from the SPS's profile_tier_level
 * (ITU-T H.265 7.3.3), which starts right after the SPS's first RBSP byte.
 */
public final class HevcDecoderConfigurationRecord {

    private HevcDecoderConfigurationRecord() {
    }

    /** The record with one VPS, SPS and PPS array each, 4-byte NAL unit lengths, 4:2:0 8-bit. */
    public static byte[] of(VideoTrack track) {
        byte[] rbsp = SeiTimestamp.unescape(track.sps(), 2, track.sps().length - 2);
        if (rbsp.length < 13) {
            throw new IllegalArgumentException("SPS too short: " + track.sps().length + " bytes");
        }
        int maxSubLayersMinus1 = (rbsp[0] >> 1) & 0x07;
        boolean temporalIdNesting = (rbsp[0] & 1) != 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + track.sps().length);
        out.write(1);                                   // configurationVersion
        out.write(rbsp, 1, 12);                         // profile space/tier/idc, compatibility, constraints, level
        out.write(0xf0);                                // reserved(4) min_spatial_segmentation_idc(12) = 0
        out.write(0x00);
        out.write(0xfc);                                // reserved(6) parallelismType(2) = 0
        out.write(0xfd);                                // reserved(6) chromaFormat(2) = 1 (4:2:0)
        out.write(0xf8);                                // reserved(5) bitDepthLumaMinus8(3) = 0
        out.write(0xf8);                                // reserved(5) bitDepthChromaMinus8(3) = 0
        out.write(0);                                   // avgFrameRate(16) = 0 (unspecified)
        out.write(0);
        // constantFrameRate(2)=0 numTemporalLayers(3) temporalIdNested(1) lengthSizeMinusOne(2)=3
        out.write(((maxSubLayersMinus1 + 1) << 3) | (temporalIdNesting ? 0x04 : 0) | 0x03);
        out.write(3);                                   // numOfArrays
        array(out, NalUnits.H265_VPS, track.vps());
        array(out, NalUnits.H265_SPS, track.sps());
        array(out, NalUnits.H265_PPS, track.pps());
        return out.toByteArray();
    }

    private static void array(ByteArrayOutputStream out, int type, byte[] nal) {
        out.write(0x80 | type);                         // array_completeness(1)=1 reserved(1) NAL_unit_type(6)
        out.write(0);                                   // numNalus = 1
        out.write(1);
        out.write(nal.length >> 8);
        out.write(nal.length);
        out.write(nal, 0, nal.length);
    }
}
