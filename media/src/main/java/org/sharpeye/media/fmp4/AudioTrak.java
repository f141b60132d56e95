package org.sharpeye.media.fmp4;

import io.netty.buffer.ByteBuf;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Codec;

import java.nio.charset.StandardCharsets;

import static org.sharpeye.media.fmp4.BoxWriter.begin;
import static org.sharpeye.media.fmp4.BoxWriter.beginFull;
import static org.sharpeye.media.fmp4.BoxWriter.end;
import static org.sharpeye.media.fmp4.BoxWriter.fourCc;

/**
 * The trak of an AAC audio track in an init segment: a sound track (ISO/IEC 14496-12 8.4.5.2 smhd, 12.2.3
 * AudioSampleEntry) whose timescale is its sample rate, with an {@code mp4a} entry whose {@code esds} holds the
 * AudioSpecificConfig (ISO/IEC 14496-14 5.6; descriptors of ISO/IEC 14496-1 7.2.6).
 */
final class AudioTrak {

    // 14496-1 7.2.2.1 descriptor tags
    private static final int ES_DESCRIPTOR = 0x03;
    private static final int DECODER_CONFIG = 0x04;
    private static final int DECODER_SPECIFIC_INFO = 0x05;
    private static final int SL_CONFIG = 0x06;
    /** objectTypeIndication 0x40: Audio ISO/IEC 14496-3 (the MP4 registration authority's table). */
    private static final int OBJECT_TYPE_MPEG4_AUDIO = 0x40;
    /** streamType 0x05 (AudioStream) << 2, upStream 0, reserved 1. */
    private static final int AUDIO_STREAM = 0x05 << 2 | 1;

    private AudioTrak() {
    }

    static void write(ByteBuf out, AudioTrack audio, int trackId) {
        if (audio.codec() != Codec.AAC) {
            throw new IllegalArgumentException("fMP4 audio here is AAC only, not " + audio.codec());
        }
        int trak = begin(out, "trak");
        int tkhd = beginFull(out, "tkhd", 0, 0x000007); // enabled, in movie, in preview
        out.writeInt(0);               // creation_time
        out.writeInt(0);               // modification_time
        out.writeInt(trackId);
        out.writeInt(0);               // reserved
        out.writeInt(0);               // duration
        out.writeZero(8);              // reserved
        out.writeShort(0);             // layer
        out.writeShort(1);             // alternate_group: audio tracks form their own group
        out.writeShort(0x0100);        // volume 1.0 for audio
        out.writeShort(0);             // reserved
        BoxWriter.unityMatrix(out);
        out.writeInt(0);               // width
        out.writeInt(0);               // height
        end(out, tkhd);

        int mdia = begin(out, "mdia");
        int mdhd = beginFull(out, "mdhd", 0, 0);
        out.writeInt(0);
        out.writeInt(0);
        out.writeInt(audio.sampleRate()); // timescale: one tick per sample
        out.writeInt(0);
        out.writeShort(0x55c4);        // language "und"
        out.writeShort(0);
        end(out, mdhd);
        int hdlr = beginFull(out, "hdlr", 0, 0);
        out.writeInt(0);
        fourCc(out, "soun");
        out.writeZero(12);
        out.writeCharSequence("SharpEye\0", StandardCharsets.US_ASCII);
        end(out, hdlr);

        int minf = begin(out, "minf");
        int smhd = beginFull(out, "smhd", 0, 0);
        out.writeShort(0);             // balance
        out.writeShort(0);             // reserved
        end(out, smhd);
        InitSegment.dinf(out);
        int stbl = begin(out, "stbl");
        int stsd = beginFull(out, "stsd", 0, 0);
        out.writeInt(1);
        int mp4a = begin(out, "mp4a");
        out.writeZero(6);              // reserved
        out.writeShort(1);             // data_reference_index
        out.writeZero(8);              // reserved
        out.writeShort(audio.channels());
        out.writeShort(16);            // samplesize
        out.writeShort(0);             // pre_defined
        out.writeShort(0);             // reserved
        out.writeInt(Math.min(audio.sampleRate(), 0xffff) << 16); // 16.16; the esds has the real rate
        esds(out, audio.config());
        end(out, mp4a);
        end(out, stsd);
        InitSegment.emptySampleTables(out);
        end(out, stbl);
        end(out, minf);
        end(out, mdia);
        end(out, trak);
    }

    private static void esds(ByteBuf out, byte[] asc) {
        if (asc.length > 100) {
            throw new IllegalArgumentException("AudioSpecificConfig of " + asc.length + " bytes"); // 1-byte sizes
        }
        int esds = beginFull(out, "esds", 0, 0);
        int decoderSpecific = 2 + asc.length;
        int decoderConfig = 2 + 13 + decoderSpecific;
        int sl = 2 + 1;
        out.writeByte(ES_DESCRIPTOR).writeByte(3 + decoderConfig + sl);
        out.writeShort(0);             // ES_ID: 0 in an MP4 file (14496-14 3.1.2)
        out.writeByte(0);              // no dependency, URL or OCR stream; priority 0
        out.writeByte(DECODER_CONFIG).writeByte(13 + decoderSpecific);
        out.writeByte(OBJECT_TYPE_MPEG4_AUDIO);
        out.writeByte(AUDIO_STREAM);
        out.writeMedium(0);            // bufferSizeDB: unknown
        out.writeInt(0);               // maxBitrate: unknown
        out.writeInt(0);               // avgBitrate: variable
        out.writeByte(DECODER_SPECIFIC_INFO).writeByte(asc.length);
        out.writeBytes(asc);
        out.writeByte(SL_CONFIG).writeByte(1);
        out.writeByte(0x02);           // predefined: reserved for MP4 files
        end(out, esds);
    }
}
