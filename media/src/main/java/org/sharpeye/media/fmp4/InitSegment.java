package org.sharpeye.media.fmp4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Codec;
import org.sharpeye.media.VideoTrack;
import org.sharpeye.media.codec.AvcDecoderConfigurationRecord;
import org.sharpeye.media.codec.HevcDecoderConfigurationRecord;

import static org.sharpeye.media.fmp4.BoxWriter.begin;
import static org.sharpeye.media.fmp4.BoxWriter.beginFull;
import static org.sharpeye.media.fmp4.BoxWriter.end;
import static org.sharpeye.media.fmp4.BoxWriter.fourCc;

/**
 * The initialization segment of a fragmented MP4 with one video track and at most one AAC audio track
 * (ISO/IEC 14496-12 8.8, and the CMAF / MSE byte stream format): ftyp, then a moov whose sample tables are empty
 * and whose mvex announces that the samples come in movie fragments. The audio track's timescale is its sample
 * rate; AAC goes as {@code mp4a} with an {@code esds} (ISO/IEC 14496-14 5.6, 14496-1 7.2.6.5).
 */
final class InitSegment {

    static final int TRACK_ID = 1;
    static final int AUDIO_TRACK_ID = 2;

    private InitSegment() {
    }

    /** The ftyp and moov boxes for {@code track}; the caller owns the returned buffer. */
    static ByteBuf write(ByteBufAllocator alloc, VideoTrack track) {
        return write(alloc, track, null);
    }

    /**
     * The ftyp and moov boxes for {@code track} and, when not null, the AAC track {@code audio}; the caller owns
     * the returned buffer.
     */
    static ByteBuf write(ByteBufAllocator alloc, VideoTrack track, AudioTrack audio) {
        boolean hevc = track.codec() == Codec.H265;
        byte[] record = hevc ? HevcDecoderConfigurationRecord.of(track) : AvcDecoderConfigurationRecord.of(track);
        ByteBuf out = alloc.buffer(768 + record.length);
        try {
            ftyp(out);
            int moov = begin(out, "moov");
            mvhd(out, audio != null ? AUDIO_TRACK_ID + 1 : TRACK_ID + 1);
            trak(out, track, hevc, record);
            if (audio != null) {
                AudioTrak.write(out, audio, AUDIO_TRACK_ID);
            }
            int mvex = begin(out, "mvex");
            trex(out, TRACK_ID);
            if (audio != null) {
                trex(out, AUDIO_TRACK_ID);
            }
            end(out, mvex);
            end(out, moov);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private static void trex(ByteBuf out, int trackId) {
        int trex = beginFull(out, "trex", 0, 0);
        out.writeInt(trackId);
        out.writeInt(1); // default_sample_description_index
        out.writeInt(0); // default_sample_duration
        out.writeInt(0); // default_sample_size
        out.writeInt(0); // default_sample_flags
        end(out, trex);
    }

    private static void ftyp(ByteBuf out) {
        int ftyp = begin(out, "ftyp");
        fourCc(out, "iso5");           // major brand: movie fragments with tfdt (14496-12 E.6)
        out.writeInt(512);             // minor version
        for (String brand : new String[] {"iso5", "iso6", "mp41"}) {
            fourCc(out, brand);
        }
        end(out, ftyp);
    }

    private static void mvhd(ByteBuf out, int nextTrackId) {
        int mvhd = beginFull(out, "mvhd", 0, 0);
        out.writeInt(0);               // creation_time
        out.writeInt(0);               // modification_time
        out.writeInt(DecodeTimeline.TIMESCALE);
        out.writeInt(0);               // duration: unknown, the movie is fragmented
        out.writeInt(0x00010000);      // rate 1.0
        out.writeShort(0x0100);        // volume 1.0
        out.writeZero(2 + 8);          // reserved
        BoxWriter.unityMatrix(out);
        out.writeZero(24);             // pre_defined
        out.writeInt(nextTrackId);
        end(out, mvhd);
    }

    private static void trak(ByteBuf out, VideoTrack track, boolean hevc, byte[] record) {
        int trak = begin(out, "trak");
        int tkhd = beginFull(out, "tkhd", 0, 0x000007); // enabled, in movie, in preview
        out.writeInt(0);               // creation_time
        out.writeInt(0);               // modification_time
        out.writeInt(TRACK_ID);
        out.writeInt(0);               // reserved
        out.writeInt(0);               // duration
        out.writeZero(8);              // reserved
        out.writeShort(0);             // layer
        out.writeShort(0);             // alternate_group
        out.writeShort(0);             // volume: 0 for video
        out.writeShort(0);             // reserved
        BoxWriter.unityMatrix(out);
        out.writeInt(track.width() << 16);  // 16.16 fixed point
        out.writeInt(track.height() << 16);
        end(out, tkhd);

        int mdia = begin(out, "mdia");
        int mdhd = beginFull(out, "mdhd", 0, 0);
        out.writeInt(0);
        out.writeInt(0);
        out.writeInt(DecodeTimeline.TIMESCALE);
        out.writeInt(0);
        out.writeShort(0x55c4);        // language "und", packed ISO-639-2/T
        out.writeShort(0);
        end(out, mdhd);
        int hdlr = beginFull(out, "hdlr", 0, 0);
        out.writeInt(0);               // pre_defined
        fourCc(out, "vide");
        out.writeZero(12);             // reserved
        out.writeCharSequence("SharpEye\0", java.nio.charset.StandardCharsets.US_ASCII);
        end(out, hdlr);

        int minf = begin(out, "minf");
        int vmhd = beginFull(out, "vmhd", 0, 1);
        out.writeZero(8);              // graphicsmode, opcolor
        end(out, vmhd);
        dinf(out);
        stbl(out, track, hevc, record);
        end(out, minf);
        end(out, mdia);
        end(out, trak);
    }

    static void dinf(ByteBuf out) {
        int dinf = begin(out, "dinf");
        int dref = beginFull(out, "dref", 0, 0);
        out.writeInt(1);
        int url = beginFull(out, "url ", 0, 1); // flag 1: media data is in this file
        end(out, url);
        end(out, dref);
        end(out, dinf);
    }

    /** The sample tables a fragmented track leaves empty, after its stsd. */
    static void emptySampleTables(ByteBuf out) {
        for (String empty : new String[] {"stts", "stsc", "stco"}) {
            int box = beginFull(out, empty, 0, 0);
            out.writeInt(0);           // entry_count
            end(out, box);
        }
        int stsz = beginFull(out, "stsz", 0, 0);
        out.writeInt(0);               // sample_size
        out.writeInt(0);               // sample_count
        end(out, stsz);
    }

    private static void stbl(ByteBuf out, VideoTrack track, boolean hevc, byte[] record) {
        int stbl = begin(out, "stbl");
        int stsd = beginFull(out, "stsd", 0, 0);
        out.writeInt(1);
        // VisualSampleEntry (8.5.2): the parameter sets travel only in avcC/hvcC, hence avc1/hvc1, not avc3/hev1.
        int entry = begin(out, hevc ? "hvc1" : "avc1");
        out.writeZero(6);              // reserved
        out.writeShort(1);             // data_reference_index
        out.writeZero(16);             // pre_defined, reserved, pre_defined[3]
        out.writeShort(track.width());
        out.writeShort(track.height());
        out.writeInt(0x00480000);      // 72 dpi
        out.writeInt(0x00480000);
        out.writeInt(0);               // reserved
        out.writeShort(1);             // frame_count
        out.writeZero(32);             // compressorname
        out.writeShort(0x0018);        // depth
        out.writeShort(-1);            // pre_defined
        int config = begin(out, hevc ? "hvcC" : "avcC");
        out.writeBytes(record);
        end(out, config);
        end(out, entry);
        end(out, stsd);
        emptySampleTables(out);
        end(out, stbl);
    }
}
