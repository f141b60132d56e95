package org.sharpeye.media.flv;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;
import org.sharpeye.media.VideoTrack;
import org.sharpeye.media.codec.AvcDecoderConfigurationRecord;
import org.sharpeye.media.codec.HevcDecoderConfigurationRecord;

import java.nio.charset.StandardCharsets;

/**
 * Writes frames as an FLV stream (Adobe FLV 10.1 spec, annex E) for one viewer: H.264 as classic AVC video tags,
 * H.265 as enhanced FLV (the Enhanced RTMP v1 ExVideoTagHeader with FourCC {@code hvc1}); AAC as AACAUDIODATA
 * (an AudioSpecificConfig sequence header, then raw access units) and G.711 as sound formats 7 (A-law) and 8
 * (u-law), which FLV has and ffmpeg reads. A viewer starts at a keyframe: frames before the first one, audio
 * included, are skipped. A new sequence header is written whenever a track's configuration changes. Not
 * thread-safe: one muxer per viewer.
 */
public final class FlvMuxer {

    private static final int TAG_AUDIO = 8;
    private static final int TAG_VIDEO = 9;
    private static final int TAG_SCRIPT = 18;
    private static final int TAG_HEADER_SIZE = 11;
    private static final int AVC_CODEC_ID = 7;
    private static final byte[] HVC1 = "hvc1".getBytes(StandardCharsets.US_ASCII);

    private final ByteBufAllocator alloc;
    private final FlvTimeline timeline = new FlvTimeline();
    private VideoTrack lastTrack;
    private AudioTrack lastAudio;

    public FlvMuxer(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    /** The FLV file header (video only) and an onMetaData tag. The caller owns the returned buffer. */
    public ByteBuf header(VideoTrack track) {
        return header(track, null);
    }

    /**
     * The FLV file header, announcing audio when {@code audio} is not null, and an onMetaData tag. The caller owns
     * the returned buffer.
     */
    public ByteBuf header(VideoTrack track, AudioTrack audio) {
        ByteBuf out = alloc.buffer(128);
        out.writeBytes(new byte[] {'F', 'L', 'V', 1, (byte) (audio != null ? 0x05 : 0x01), 0, 0, 0, 9});
        out.writeInt(0); // PreviousTagSize0
        if (track != null) {
            ByteBuf meta = Amf0.onMetaData(alloc, track.width(), track.height(),
                    track.codec() == Codec.H265 ? fourCc(HVC1) : AVC_CODEC_ID);
            try {
                writeTag(out, TAG_SCRIPT, 0, meta);
            } finally {
                meta.release();
            }
        }
        return out;
    }

    /**
     * The tags for one video frame, preceded by a sequence header when its track is new to this viewer.
     * Does not take the frame's reference: the result holds its own (a retained duplicate of the frame's data).
     *
     * @return the bytes to send (the caller owns them), or null when the frame is skipped
     */
    public ByteBuf frame(Frame frame) {
        if (!frame.isVideo()) {
            return lastTrack == null ? null : audio(frame);
        }
        VideoTrack track = frame.track();
        boolean newTrack = !track.sameConfiguration(lastTrack);
        if (newTrack && !frame.isKeyframe()) {
            return null;
        }
        long ms = timeline.toMillis(frame.dtsMicros());
        int cts = (int) ((frame.ptsMicros() - frame.dtsMicros()) / 1000);
        CompositeByteBuf out = alloc.compositeBuffer(4);
        if (newTrack) {
            lastTrack = track;
            out.addComponent(true, sequenceHeader(track, ms));
        }
        boolean hevc = track.codec() == Codec.H265;
        int videoHeaderSize = hevc ? 8 : 5;
        int dataSize = videoHeaderSize + frame.data().readableBytes();
        ByteBuf head = alloc.buffer(TAG_HEADER_SIZE + videoHeaderSize);
        tagHeader(head, TAG_VIDEO, dataSize, ms);
        int frameType = frame.isKeyframe() ? 1 : 2;
        if (hevc) {
            head.writeByte(0x80 | (frameType << 4) | 1); // ExHeader, frame type, PacketTypeCodedFrames
            head.writeBytes(HVC1);
        } else {
            head.writeByte((frameType << 4) | AVC_CODEC_ID);
            head.writeByte(1); // AVC NALU
        }
        head.writeMedium(cts);
        out.addComponent(true, head);
        out.addComponent(true, frame.data().retainedDuplicate());
        out.addComponent(true, alloc.buffer(4).writeInt(TAG_HEADER_SIZE + dataSize));
        return out;
    }

    /** Sound format (FLV 10.1 E.4.2.1) of a codec: 10 AAC, 7 G.711 A-law, 8 G.711 u-law. */
    private static int soundFormat(Codec codec) {
        return switch (codec) {
            case AAC -> 10;
            case PCMA -> 7;
            case PCMU -> 8;
            default -> throw new IllegalArgumentException("not an audio codec: " + codec);
        };
    }

    private ByteBuf audio(Frame frame) {
        AudioTrack track = frame.audioTrack();
        long ms = timeline.toMillis(frame.dtsMicros());
        boolean aac = track.codec() == Codec.AAC;
        // SoundRate and SoundType are fixed for AAC (3 = 44 kHz, 1 = stereo: the decoder reads the real ones from
        // the AudioSpecificConfig); for G.711 the rate field is ignored by readers (8 kHz), SoundSize is 16 bits.
        int soundHeader = soundFormat(track.codec()) << 4 | (aac ? 0x0F : 0x02 | (track.channels() > 1 ? 1 : 0));
        CompositeByteBuf out = alloc.compositeBuffer(4);
        if (aac && !track.sameConfiguration(lastAudio)) {
            byte[] asc = track.config();
            ByteBuf body = alloc.buffer(2 + asc.length).writeByte(soundHeader).writeByte(0).writeBytes(asc);
            ByteBuf tag = alloc.buffer(TAG_HEADER_SIZE + body.readableBytes() + 4);
            try {
                writeTag(tag, TAG_AUDIO, ms, body);
            } finally {
                body.release();
            }
            out.addComponent(true, tag);
        }
        lastAudio = track;
        int audioHeaderSize = aac ? 2 : 1;
        int dataSize = audioHeaderSize + frame.data().readableBytes();
        ByteBuf head = alloc.buffer(TAG_HEADER_SIZE + audioHeaderSize);
        tagHeader(head, TAG_AUDIO, dataSize, ms);
        head.writeByte(soundHeader);
        if (aac) {
            head.writeByte(1); // AAC raw
        }
        out.addComponent(true, head);
        out.addComponent(true, frame.data().retainedDuplicate());
        out.addComponent(true, alloc.buffer(4).writeInt(TAG_HEADER_SIZE + dataSize));
        return out;
    }

    private ByteBuf sequenceHeader(VideoTrack track, long ms) {
        boolean hevc = track.codec() == Codec.H265;
        byte[] record = hevc ? HevcDecoderConfigurationRecord.of(track) : AvcDecoderConfigurationRecord.of(track);
        ByteBuf body = alloc.buffer(8 + record.length);
        if (hevc) {
            body.writeByte(0x80 | (1 << 4)); // ExHeader, keyframe, PacketTypeSequenceStart
            body.writeBytes(HVC1);
        } else {
            body.writeByte((1 << 4) | AVC_CODEC_ID);
            body.writeByte(0); // AVC sequence header
            body.writeMedium(0);
        }
        body.writeBytes(record);
        ByteBuf out = alloc.buffer(TAG_HEADER_SIZE + body.readableBytes() + 4);
        try {
            writeTag(out, TAG_VIDEO, ms, body);
        } finally {
            body.release();
        }
        return out;
    }

    private static void writeTag(ByteBuf out, int type, long ms, ByteBuf body) {
        int size = body.readableBytes();
        tagHeader(out, type, size, ms);
        out.writeBytes(body, body.readerIndex(), size);
        out.writeInt(TAG_HEADER_SIZE + size);
    }

    private static void tagHeader(ByteBuf out, int type, int dataSize, long ms) {
        out.writeByte(type);
        out.writeMedium(dataSize);
        out.writeMedium((int) (ms & 0xffffff));
        out.writeByte((int) ((ms >>> 24) & 0xff)); // TimestampExtended
        out.writeMedium(0);                          // StreamID
    }

    private static int fourCc(byte[] b) {
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

}
