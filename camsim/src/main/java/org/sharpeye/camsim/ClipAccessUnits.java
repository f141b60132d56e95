package org.sharpeye.camsim;

import org.sharpeye.media.Codec;
import org.sharpeye.media.codec.AnnexB;
import org.sharpeye.media.codec.NalUnits;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an encoder's Annex B output into access units, the way ITU-T H.264 7.4.1.2.3 and H.265 7.4.2.4.4 define
 * the first NAL unit of an access unit: an access unit delimiter, an SEI, a parameter set, or the first slice of a
 * picture. Access unit delimiters and the encoder's SEI (its version string and settings) are dropped.
 */
final class ClipAccessUnits {

    private static final int H265_SUFFIX_SEI = 40;

    /** The access units and the first parameter sets seen (null when absent). */
    record Result(List<Clip.AccessUnit> units, byte[] vps, byte[] sps, byte[] pps) {
    }

    private ClipAccessUnits() {
    }

    static Result split(Codec codec, byte[] annexB) {
        List<Clip.AccessUnit> units = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        boolean currentHasPicture = false;
        boolean currentKeyframe = false;
        byte[] vps = null;
        byte[] sps = null;
        byte[] pps = null;
        for (byte[] nal : AnnexB.split(annexB)) {
            if (nal.length == 0) {
                continue;
            }
            int type = NalUnits.type(codec, nal[0]);
            boolean vcl = NalUnits.isVcl(codec, type);
            boolean starts = vcl ? firstSliceOfPicture(codec, nal) : startsAccessUnit(codec, type);
            if (starts && currentHasPicture) {
                units.add(new Clip.AccessUnit(List.copyOf(current), currentKeyframe));
                current.clear();
                currentHasPicture = false;
                currentKeyframe = false;
            }
            if (dropped(codec, type)) {
                continue;
            }
            if (NalUnits.isParameterSet(codec, type)) {
                if (codec == Codec.H265 && type == NalUnits.H265_VPS && vps == null) {
                    vps = nal;
                } else if (isSps(codec, type) && sps == null) {
                    sps = nal;
                } else if (isPps(codec, type) && pps == null) {
                    pps = nal;
                }
            }
            current.add(nal);
            if (vcl) {
                currentHasPicture = true;
                currentKeyframe |= NalUnits.isKeyframe(codec, type);
            }
        }
        if (currentHasPicture) {
            units.add(new Clip.AccessUnit(List.copyOf(current), currentKeyframe));
        }
        return new Result(List.copyOf(units), vps, sps, pps);
    }

    /** first_mb_in_slice == 0 (H.264 7.3.3, ue(v) so a leading 1 bit) or first_slice_segment_in_pic_flag (H.265 7.3.6.1). */
    static boolean firstSliceOfPicture(Codec codec, byte[] nal) {
        int at = codec == Codec.H265 ? 2 : 1;
        return nal.length > at && (nal[at] & 0x80) != 0;
    }

    private static boolean startsAccessUnit(Codec codec, int type) {
        return codec == Codec.H265
                ? type == NalUnits.H265_AUD || type == NalUnits.H265_PREFIX_SEI || NalUnits.isParameterSet(codec, type)
                : type == NalUnits.H264_AUD || type == NalUnits.H264_SEI || NalUnits.isParameterSet(codec, type);
    }

    private static boolean dropped(Codec codec, int type) {
        return codec == Codec.H265
                ? type == NalUnits.H265_AUD || type == NalUnits.H265_PREFIX_SEI || type == H265_SUFFIX_SEI
                : type == NalUnits.H264_AUD || type == NalUnits.H264_SEI;
    }

    private static boolean isSps(Codec codec, int type) {
        return type == (codec == Codec.H265 ? NalUnits.H265_SPS : NalUnits.H264_SPS);
    }

    private static boolean isPps(Codec codec, int type) {
        return type == (codec == Codec.H265 ? NalUnits.H265_PPS : NalUnits.H264_PPS);
    }
}
