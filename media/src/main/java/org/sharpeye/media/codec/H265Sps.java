package org.sharpeye.media.codec;

import org.sharpeye.media.Codec;

/**
 * The fields SharpEye needs from an H.265 sequence parameter set (ITU-T H.265 7.3.2.2): general profile, tier and
 * level, and the displayed picture size (the conformance window applied).
 *
 * @param profileIdc general_profile_idc, e.g. 1 Main, 2 Main 10
 * @param tierFlag general_tier_flag (false: Main tier)
 * @param levelIdc general_level_idc, thirty times the level number
 */
public record H265Sps(int profileSpace, boolean tierFlag, int profileIdc, long compatibilityFlags, int levelIdc,
                      int width, int height) {

    private static final int MAX_SIDE = 1 << 16;

    /** Parses an SPS NAL unit (2-byte header included, no start code or length prefix, still escaped). */
    public static H265Sps parse(byte[] nal) throws BitstreamException {
        if (nal.length < 4 || NalUnits.type(Codec.H265, nal[0]) != NalUnits.H265_SPS) {
            throw new BitstreamException("not an H.265 SPS");
        }
        RbspReader r = new RbspReader(SeiTimestamp.unescape(nal, 2, nal.length - 2));
        r.skip(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = r.u(3);
        if (maxSubLayersMinus1 > 6) {
            throw new BitstreamException("sps_max_sub_layers_minus1 out of range: " + maxSubLayersMinus1);
        }
        r.skip(1); // sps_temporal_id_nesting_flag
        // profile_tier_level(1, sps_max_sub_layers_minus1), 7.3.3
        int profileSpace = r.u(2);
        boolean tier = r.flag();
        int profile = r.u(5);
        long compatibility = r.bits(32);
        r.skip(4 + 43 + 1); // progressive, interlaced, non_packed, frame_only; reserved / constraint bits
        int level = r.u(8);
        boolean[] profilePresent = new boolean[maxSubLayersMinus1];
        boolean[] levelPresent = new boolean[maxSubLayersMinus1];
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            profilePresent[i] = r.flag();
            levelPresent[i] = r.flag();
        }
        if (maxSubLayersMinus1 > 0) {
            r.skip(2L * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
        }
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            r.skip((profilePresent[i] ? 88 : 0) + (levelPresent[i] ? 8 : 0));
        }
        r.ue("sps_seq_parameter_set_id", 15);
        int chromaFormat = r.ue("chroma_format_idc", 3);
        boolean separateColourPlane = chromaFormat == 3 && r.flag();
        int width = r.ue("pic_width_in_luma_samples", MAX_SIDE);
        int height = r.ue("pic_height_in_luma_samples", MAX_SIDE);
        if (r.flag()) { // conformance_window_flag; offsets in chroma units, Table 6-1
            int chromaArrayType = separateColourPlane ? 0 : chromaFormat;
            int subWidth = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
            int subHeight = chromaArrayType == 1 ? 2 : 1;
            long left = r.ue(), right = r.ue(), top = r.ue(), bottom = r.ue();
            width -= (int) Math.min(width, subWidth * (left + right));
            height -= (int) Math.min(height, subHeight * (top + bottom));
        }
        if (width <= 0 || height <= 0) {
            throw new BitstreamException("no picture: " + width + "x" + height);
        }
        return new H265Sps(profileSpace, tier, profile, compatibility, level, width, height);
    }
}
