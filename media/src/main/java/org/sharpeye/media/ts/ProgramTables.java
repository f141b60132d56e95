package org.sharpeye.media.ts;

import org.sharpeye.media.Codec;

/**
 * The program specific information of our single-program transport stream (ISO/IEC 13818-1 2.4.4): a program
 * association table pointing at one program map table, which lists one video elementary stream that also
 * carries the PCR and, when the camera has AAC audio, one audio stream.
 */
final class ProgramTables {

    static final int PAT_PID = 0x0000;
    static final int PMT_PID = 0x1000;
    static final int VIDEO_PID = 0x0100;
    static final int AUDIO_PID = 0x0101;
    private static final int PROGRAM_NUMBER = 1;
    private static final int TRANSPORT_STREAM_ID = 1;
    // Table 2-34 stream_type: AVC video (ITU-T H.264) and HEVC video (ITU-T H.265)
    private static final int STREAM_TYPE_H264 = 0x1B;
    private static final int STREAM_TYPE_H265 = 0x24;
    // ISO/IEC 13818-7 audio with ADTS transport syntax: how HLS and every TS player carry AAC
    private static final int STREAM_TYPE_AAC_ADTS = 0x0F;

    private ProgramTables() {
    }

    /** program_association_section (2.4.4.3), CRC included. */
    static byte[] pat() {
        byte[] s = new byte[16];
        s[0] = 0x00;                                   // table_id
        header(s, 13, TRANSPORT_STREAM_ID, 0);
        s[8] = (byte) (PROGRAM_NUMBER >> 8);
        s[9] = (byte) PROGRAM_NUMBER;
        s[10] = (byte) (0xE0 | (PMT_PID >> 8));       // reserved '111', program_map_PID
        s[11] = (byte) PMT_PID;
        crc(s);
        return s;
    }

    /** TS_program_map_section (2.4.4.8) for one video stream of {@code codec}, CRC included. */
    static byte[] pmt(Codec codec, int version) {
        return pmt(codec, false, version);
    }

    /**
     * TS_program_map_section (2.4.4.8) for one video stream of {@code codec} and, with {@code aac}, an AAC (ADTS)
     * audio stream, CRC included.
     */
    static byte[] pmt(Codec codec, boolean aac, int version) {
        byte[] s = new byte[aac ? 26 : 21];
        s[0] = 0x02;                                   // table_id
        header(s, s.length - 3, PROGRAM_NUMBER, version);
        s[8] = (byte) (0xE0 | (VIDEO_PID >> 8));      // reserved '111', PCR_PID
        s[9] = (byte) VIDEO_PID;
        s[10] = (byte) 0xF0;                           // reserved '1111', program_info_length = 0
        s[11] = 0;
        s[12] = (byte) (codec == Codec.H265 ? STREAM_TYPE_H265 : STREAM_TYPE_H264);
        s[13] = (byte) (0xE0 | (VIDEO_PID >> 8));     // reserved '111', elementary_PID
        s[14] = (byte) VIDEO_PID;
        s[15] = (byte) 0xF0;                           // reserved '1111', ES_info_length = 0
        s[16] = 0;
        if (aac) {
            s[17] = STREAM_TYPE_AAC_ADTS;
            s[18] = (byte) (0xE0 | (AUDIO_PID >> 8));
            s[19] = (byte) AUDIO_PID;
            s[20] = (byte) 0xF0;
            s[21] = 0;
        }
        crc(s);
        return s;
    }

    // section_syntax_indicator=1, '0', reserved '11', section_length; id; reserved '11', version, current_next=1;
    // section_number=0, last_section_number=0
    private static void header(byte[] s, int sectionLength, int id, int version) {
        s[1] = (byte) (0xB0 | (sectionLength >> 8));
        s[2] = (byte) sectionLength;
        s[3] = (byte) (id >> 8);
        s[4] = (byte) id;
        s[5] = (byte) (0xC1 | ((version & 0x1f) << 1));
        s[6] = 0;
        s[7] = 0;
    }

    private static void crc(byte[] s) {
        int crc = Crc32Mpeg2.of(s, 0, s.length - 4);
        s[s.length - 4] = (byte) (crc >>> 24);
        s[s.length - 3] = (byte) (crc >>> 16);
        s[s.length - 2] = (byte) (crc >>> 8);
        s[s.length - 1] = (byte) crc;
    }
}
