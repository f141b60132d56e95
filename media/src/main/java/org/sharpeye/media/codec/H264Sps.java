package org.sharpeye.media.codec;

/**
 * The fields SharpEye needs from an H.264 sequence parameter set (ITU-T H.264 7.3.2.1.1): profile, level and the
 * displayed picture size (the frame cropping rectangle applied).
 *
 * @param profileIdc profile_idc, e.g. 66 baseline, 77 main, 100 high
 * @param constraintFlags the byte holding constraint_set0..5_flag
 * @param levelIdc level_idc, ten times the level number
 */
public record H264Sps(int profileIdc, int constraintFlags, int levelIdc, int width, int height) {

    private static final int MAX_MBS = 1 << 16; // 1 048 576 pixels per side: far beyond any level

    /** Parses an SPS NAL unit (header included, no start code or length prefix, still escaped). */
    public static H264Sps parse(byte[] nal) throws BitstreamException {
        if (nal.length < 4 || NalUnits.type(org.sharpeye.media.Codec.H264, nal[0]) != NalUnits.H264_SPS) {
            throw new BitstreamException("not an H.264 SPS");
        }
        RbspReader r = new RbspReader(SeiTimestamp.unescape(nal, 1, nal.length - 1));
        int profile = r.u(8);
        int constraints = r.u(8);
        int level = r.u(8);
        r.ue("seq_parameter_set_id", 31);
        int chromaFormat = 1;
        boolean separateColourPlane = false;
        if (hasChromaInfo(profile)) {
            chromaFormat = r.ue("chroma_format_idc", 3);
            if (chromaFormat == 3) {
                separateColourPlane = r.flag();
            }
            r.ue("bit_depth_luma_minus8", 6);
            r.ue("bit_depth_chroma_minus8", 6);
            r.skip(1); // qpprime_y_zero_transform_bypass_flag
            if (r.flag()) { // seq_scaling_matrix_present_flag
                int lists = chromaFormat != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++) {
                    if (r.flag()) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.ue("log2_max_frame_num_minus4", 12);
        int pocType = r.ue("pic_order_cnt_type", 2);
        if (pocType == 0) {
            r.ue("log2_max_pic_order_cnt_lsb_minus4", 12);
        } else if (pocType == 1) {
            r.skip(1); // delta_pic_order_always_zero_flag
            r.se();    // offset_for_non_ref_pic
            r.se();    // offset_for_top_to_bottom_field
            int cycle = r.ue("num_ref_frames_in_pic_order_cnt_cycle", 255);
            for (int i = 0; i < cycle; i++) {
                r.se();
            }
        }
        r.ue("max_num_ref_frames", 32);
        r.skip(1); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.ue("pic_width_in_mbs_minus1", MAX_MBS) + 1;
        int heightMapUnits = r.ue("pic_height_in_map_units_minus1", MAX_MBS) + 1;
        boolean frameMbsOnly = r.flag();
        if (!frameMbsOnly) {
            r.skip(1); // mb_adaptive_frame_field_flag
        }
        r.skip(1); // direct_8x8_inference_flag
        int width = widthMbs * 16;
        int height = (frameMbsOnly ? 1 : 2) * heightMapUnits * 16;
        if (r.flag()) { // frame_cropping_flag; crop units from Table 6-1 and equations 7-19..7-22
            int chromaArrayType = separateColourPlane ? 0 : chromaFormat;
            int subWidth = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
            int subHeight = chromaArrayType == 1 ? 2 : 1;
            int cropUnitX = chromaArrayType == 0 ? 1 : subWidth;
            int cropUnitY = (chromaArrayType == 0 ? 1 : subHeight) * (frameMbsOnly ? 1 : 2);
            long left = r.ue(), right = r.ue(), top = r.ue(), bottom = r.ue();
            width -= (int) Math.min(width, cropUnitX * (left + right));
            height -= (int) Math.min(height, cropUnitY * (top + bottom));
        }
        if (width <= 0 || height <= 0) {
            throw new BitstreamException("cropping leaves no picture");
        }
        return new H264Sps(profile, constraints, level, width, height);
    }

    /** "avc1.PPCCLL", the RFC 6381 codecs string for MSE and HLS. */
    public String codecString() {
        return String.format("avc1.%02X%02X%02X", profileIdc, constraintFlags, levelIdc);
    }

    private static boolean hasChromaInfo(int profile) {
        return switch (profile) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }

    // 7.3.2.1.1.1 scaling_list(): only the deltas are coded; we read past them.
    private static void skipScalingList(RbspReader r, int size) throws BitstreamException {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (int) ((last + r.se() + 256) % 256);
            }
            last = next == 0 ? last : next;
        }
    }
}
