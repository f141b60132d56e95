package org.sharpeye.media.codec;

import org.sharpeye.media.Codec;

/** NAL unit header fields of H.264 (ITU-T H.264 7.3.1) and H.265 (ITU-T H.265 7.3.1.2). */
public final class NalUnits {

    public static final int H264_NON_IDR = 1;
    public static final int H264_IDR = 5;
    public static final int H264_SEI = 6;
    public static final int H264_SPS = 7;
    public static final int H264_PPS = 8;
    public static final int H264_AUD = 9;

    public static final int H265_IRAP_FIRST = 16; // BLA_W_LP
    public static final int H265_IRAP_LAST = 23;  // RSV_IRAP_VCL23
    public static final int H265_VPS = 32;
    public static final int H265_SPS = 33;
    public static final int H265_PPS = 34;
    public static final int H265_AUD = 35;
    public static final int H265_PREFIX_SEI = 39;

    private NalUnits() {
    }

    /** The nal_unit_type of a NAL unit whose first header byte is {@code first}. */
    public static int type(Codec codec, byte first) {
        return codec == Codec.H265 ? (first >> 1) & 0x3f : first & 0x1f;
    }

    /** True for a NAL unit that starts a decodable picture (H.264 IDR, H.265 IRAP). */
    public static boolean isKeyframe(Codec codec, int type) {
        return codec == Codec.H265 ? type >= H265_IRAP_FIRST && type <= H265_IRAP_LAST : type == H264_IDR;
    }

    /** True for a parameter set (VPS, SPS, PPS), which travels in the track rather than in frames. */
    public static boolean isParameterSet(Codec codec, int type) {
        return codec == Codec.H265
                ? type == H265_VPS || type == H265_SPS || type == H265_PPS
                : type == H264_SPS || type == H264_PPS;
    }

    /** True for a VCL NAL unit (a coded slice). */
    public static boolean isVcl(Codec codec, int type) {
        return codec == Codec.H265 ? type < 32 : type >= 1 && type <= 5;
    }
}
