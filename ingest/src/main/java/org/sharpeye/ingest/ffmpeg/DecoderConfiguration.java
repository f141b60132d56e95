package org.sharpeye.ingest.ffmpeg;

import org.sharpeye.media.Codec;
import org.sharpeye.media.codec.AnnexB;

import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a container says about a video stream before its first packet (FFmpeg's extradata): the parameter sets,
 * and how packets separate NAL units. FLV and MP4 carry an AVCDecoderConfigurationRecord (ISO/IEC 14496-15
 * 5.3.3.1) or HEVCDecoderConfigurationRecord (8.3.3.1) and length-prefixed packets; MPEG-TS (HLS) and raw
 * streams carry Annex B start codes, with parameter sets in-band or in Annex B extradata.
 *
 * @param parameterSets raw NAL units (VPS, SPS, PPS), possibly empty
 * @param nalLengthSize 1, 2 or 4 for length-prefixed packets; 0 for Annex B packets
 */
record DecoderConfiguration(List<byte[]> parameterSets, int nalLengthSize) {

    /** No extradata: Annex B packets with in-band parameter sets. */
    static final DecoderConfiguration ANNEX_B = new DecoderConfiguration(List.of(), 0);

    /**
     * Reads the extradata of a video stream.
     *
     * @throws IllegalArgumentException for a truncated or malformed record
     */
    static DecoderConfiguration parse(Codec codec, byte[] extradata) {
        if (extradata == null || extradata.length == 0) {
            return ANNEX_B;
        }
        if (extradata[0] != 1) { // configurationVersion 1; Annex B starts with 0x00
            return new DecoderConfiguration(AnnexB.split(extradata), 0);
        }
        try {
            return codec == Codec.H265 ? hvcc(ByteBuffer.wrap(extradata)) : avcc(ByteBuffer.wrap(extradata));
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated " + (codec == Codec.H265 ? "hvcC" : "avcC") + " record");
        }
    }

    private static DecoderConfiguration avcc(ByteBuffer b) {
        b.position(4);
        int lengthSize = (b.get() & 0x03) + 1;
        List<byte[]> sets = new ArrayList<>();
        int sps = b.get() & 0x1f;
        for (int i = 0; i < sps; i++) {
            sets.add(nal(b));
        }
        int pps = b.get() & 0xff;
        for (int i = 0; i < pps; i++) {
            sets.add(nal(b));
        }
        return checked(sets, lengthSize);
    }

    private static DecoderConfiguration hvcc(ByteBuffer b) {
        b.position(21);
        int lengthSize = (b.get() & 0x03) + 1;
        int arrays = b.get() & 0xff;
        List<byte[]> sets = new ArrayList<>();
        for (int a = 0; a < arrays; a++) {
            b.get(); // array_completeness, reserved, NAL_unit_type: the NAL header says it again
            int count = b.getShort() & 0xffff;
            for (int i = 0; i < count; i++) {
                sets.add(nal(b));
            }
        }
        return checked(sets, lengthSize);
    }

    private static byte[] nal(ByteBuffer b) {
        int length = b.getShort() & 0xffff;
        if (length == 0) {
            throw new IllegalArgumentException("empty parameter set");
        }
        byte[] nal = new byte[length];
        b.get(nal);
        return nal;
    }

    private static DecoderConfiguration checked(List<byte[]> sets, int lengthSize) {
        if (lengthSize == 3) {
            throw new IllegalArgumentException("NAL unit length size 3 is not allowed");
        }
        return new DecoderConfiguration(List.copyOf(sets), lengthSize);
    }
}
