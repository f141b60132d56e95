package org.sharpeye.media.ts;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;
import org.sharpeye.media.fmp4.DecodeTimeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes frames as an MPEG-2 transport stream (ISO/IEC 13818-1) of 188-byte packets: one program with one video
 * stream, H.264 (stream_type 0x1B) or H.265 (0x24), each frame one PES packet with PTS and DTS. Every keyframe is
 * preceded by the PAT and PMT and marked with random_access_indicator, and every PES carries the PCR, so a
 * reader (an HLS segment) can start at any keyframe. Frames before the first keyframe are skipped. Time starts
 * near 0 and survives a source restart ({@link DecodeTimeline}).
 *
 * <p>AAC audio goes as a second stream (stream_type 0x0F): each access unit one PES packet (stream_id 0xC0, PTS
 * only) behind an ADTS header, on the video's timeline. The program map lists it from the first keyframe after
 * the muxer learns the audio track ({@link #audio} or the first audio frame; a new PMT version when it arrives
 * mid-stream). G.711 has no stream type in MPEG-TS that HLS players read, so it is left out, logged once. Not
 * thread-safe: one muxer per output.
 */
public final class TsMuxer {

    /** Frames larger than this are skipped: no camera sends a 16 MiB picture, a broken depacketizer might. */
    public static final int MAX_FRAME_BYTES = 16 << 20;
    private static final Logger log = LoggerFactory.getLogger(TsMuxer.class);
    // PTS/DTS start at 1.4 s and the PCR runs 0.7 s behind the DTS, the margins ffmpeg's muxer uses by default:
    // the decoder's buffer has data ahead of its decode time, and no timestamp is ever below 0.
    private static final long TIMESTAMP_OFFSET_TICKS = 126_000;
    private static final long PCR_DELAY_TICKS = 63_000;
    private static final long TIMESTAMP_MASK = (1L << 33) - 1;
    private static final int PES_HEADER_MAX = 19;

    private final ByteBufAllocator alloc;
    private final DecodeTimeline timeline = new DecodeTimeline();
    private final TsPackets pat = new TsPackets(ProgramTables.PAT_PID);
    private final TsPackets pmt = new TsPackets(ProgramTables.PMT_PID);
    private final TsPackets video = new TsPackets(ProgramTables.VIDEO_PID);
    private final TsPackets audioPackets = new TsPackets(ProgramTables.AUDIO_PID);
    private Codec codec;
    private AudioTrack audio;
    private boolean audioInPmt;
    private boolean audioRefusalLogged;
    private int pmtVersion = -1;
    private boolean waitingForKeyframe = true;
    private long skippedFrames;

    public TsMuxer(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    /**
     * The transport stream packets for {@code frame}, preceded by PAT and PMT when it is a keyframe. Does not take
     * the frame's reference (its bytes are copied into the packets).
     *
     * @return the packets (the caller owns and releases them), or null when the frame is skipped: audio, before
     *     the first keyframe, without a track, too large or malformed (counted in {@link #skippedFrames})
     */
    public ByteBuf frame(Frame frame) {
        if (!frame.isVideo()) {
            return audioFrame(frame);
        }
        if (frame.track() == null || frame.data().readableBytes() > MAX_FRAME_BYTES
                || (waitingForKeyframe && !frame.isKeyframe())) {
            skippedFrames++;
            return null;
        }
        int accessUnitSize = AccessUnitWriter.size(frame);
        if (accessUnitSize < 0) {
            skippedFrames++;
            log.debug("skipping a malformed frame of {} bytes", frame.data().readableBytes());
            return null;
        }
        waitingForKeyframe = false;
        long dts = timeline.ticks(frame.dtsMicros()) + TIMESTAMP_OFFSET_TICKS;
        long pts = dts + Math.max(0, DecodeTimeline.toTicks(frame.ptsMicros() - frame.dtsMicros()));
        ByteBuf pes = alloc.buffer(PES_HEADER_MAX + accessUnitSize);
        try {
            writePesHeader(pes, pts, dts);
            AccessUnitWriter.write(pes, frame);
            int packets = (pes.readableBytes() + 8) / (TsPackets.PACKET_SIZE - 4) + 1 + 2;
            ByteBuf out = alloc.buffer(packets * TsPackets.PACKET_SIZE);
            if (frame.isKeyframe()) {
                writeTables(out, frame.track().codec());
            }
            video.writePes(out, pes, (dts - PCR_DELAY_TICKS) * 300, frame.isKeyframe());
            return out;
        } finally {
            pes.release();
        }
    }

    /**
     * Tells the muxer the stream's audio track before its first audio frame, so that the program map of the
     * first keyframe lists it. Null or G.711: no audio stream.
     */
    public void audio(AudioTrack track) {
        if (track == null || track.codec() != Codec.AAC) {
            if (track != null) {
                refuse(track);
            }
            return;
        }
        if (!track.sameConfiguration(audio) && AdtsHeader.describes(track)) {
            audio = track;
        }
    }

    private void refuse(AudioTrack track) {
        if (!audioRefusalLogged) {
            audioRefusalLogged = true;
            log.info("{} audio is left out of MPEG-TS: HLS players cannot decode it", track);
        }
    }

    private ByteBuf audioFrame(Frame frame) {
        AudioTrack track = frame.audioTrack();
        if (track.codec() != Codec.AAC) {
            refuse(track);
            return null;
        }
        int size = frame.data().readableBytes();
        if (waitingForKeyframe || size == 0 || size > AdtsHeader.MAX_FRAME_BYTES) {
            return null;
        }
        ByteBuf out = null;
        if (!track.sameConfiguration(audio)) {
            if (!AdtsHeader.describes(track)) {
                refuse(track);
                return null;
            }
            audio = track;
        }
        long pts = timeline.ticks(frame.dtsMicros()) + TIMESTAMP_OFFSET_TICKS;
        ByteBuf pes = alloc.buffer(14 + AdtsHeader.SIZE + size);
        try {
            int pesLength = 3 + 5 + AdtsHeader.SIZE + size;
            pes.writeInt(0x000001C0);                 // audio stream 0
            pes.writeShort(pesLength > 0xffff ? 0 : pesLength);
            pes.writeByte(0x84);                      // '10', data_alignment_indicator: an ADTS frame starts here
            pes.writeByte(0x80);                      // PTS only
            pes.writeByte(5);
            writeTimestamp(pes, 0x2, pts);
            AdtsHeader.write(pes, track, size);
            pes.writeBytes(frame.data(), frame.data().readerIndex(), size);
            int packets = (pes.readableBytes() + 8) / (TsPackets.PACKET_SIZE - 4) + 1 + 2;
            out = alloc.buffer(packets * TsPackets.PACKET_SIZE);
            if (!audioInPmt) {
                writeTables(out, codec); // the audio stream is new to the program map: announce it first
            }
            audioPackets.writePes(out, pes, -1, false);
            return out;
        } finally {
            pes.release();
        }
    }

    /** Frames skipped since this muxer was made. */
    public long skippedFrames() {
        return skippedFrames;
    }

    private void writeTables(ByteBuf out, Codec frameCodec) {
        boolean withAudio = audio != null;
        if (frameCodec != codec || withAudio != audioInPmt) {
            codec = frameCodec;
            audioInPmt = withAudio;
            pmtVersion = (pmtVersion + 1) & 0x1f; // a new stream or stream_type is a new PMT version (2.4.4.8)
        }
        pat.writeSection(out, ProgramTables.pat());
        pmt.writeSection(out, ProgramTables.pmt(codec, audioInPmt, pmtVersion));
    }

    // 2.4.3.6 PES packet header: stream_id 0xE0 (video stream 0), PES_packet_length 0 (unbounded, allowed for
    // video in TS), '10', data_alignment_indicator (the payload starts with an AUD), PTS and DTS when they differ
    private static void writePesHeader(ByteBuf pes, long pts, long dts) {
        boolean withDts = pts != dts;
        pes.writeInt(0x000001E0);
        pes.writeShort(0);
        pes.writeByte(0x84);
        pes.writeByte(withDts ? 0xC0 : 0x80);
        pes.writeByte(withDts ? 10 : 5);
        writeTimestamp(pes, withDts ? 0x3 : 0x2, pts);
        if (withDts) {
            writeTimestamp(pes, 0x1, dts);
        }
    }

    // 33 bits in 3 + 15 + 15 with a marker bit after each part, behind a 4-bit prefix
    private static void writeTimestamp(ByteBuf out, int prefix, long ticks) {
        long t = ticks & TIMESTAMP_MASK;
        out.writeByte((int) ((prefix << 4) | ((t >>> 29) & 0x0E) | 1));
        out.writeShort((int) (((t >>> 14) & 0xFFFE) | 1));
        out.writeShort((int) (((t << 1) & 0xFFFE) | 1));
    }
}
