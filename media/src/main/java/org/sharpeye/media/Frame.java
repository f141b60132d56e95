package org.sharpeye.media;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;

import java.util.Objects;

/**
 * One access unit of one track, the single type that carries media from a source to every reader.
 *
 * <p>Video data is in length-prefixed form: each NAL unit preceded by its 4-byte big-endian length (the AVCC /
 * HVCC layout that FLV and MP4 carry), parameter sets excluded (they live in the {@link VideoTrack}). Audio data
 * is one raw audio frame (an AAC access unit without ADTS header, or G.711 samples), described by its
 * {@link AudioTrack}.
 *
 * <p>Ownership: a Frame is reference counted and owns {@code data}. Whoever creates it holds one reference; the
 * {@link Stream} retains one for its GOP cache and one per reader queue; a reader releases after writing. Readers
 * must not change the indices of {@code data()}: use {@link ByteBuf#duplicate()} or
 * {@link ByteBuf#retainedDuplicate()}.
 */
public final class Frame extends AbstractReferenceCounted {

    private final Codec codec;
    private final VideoTrack track;
    private final AudioTrack audioTrack;
    private final long ptsMicros;
    private final long dtsMicros;
    private final boolean keyframe;
    private final ByteBuf data;
    private final long receivedNanos;

    private Frame(Codec codec, VideoTrack track, AudioTrack audioTrack, long ptsMicros, long dtsMicros,
                  boolean keyframe, ByteBuf data, long receivedNanos) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.track = track;
        this.audioTrack = audioTrack;
        this.ptsMicros = ptsMicros;
        this.dtsMicros = dtsMicros;
        this.keyframe = keyframe;
        this.data = Objects.requireNonNull(data, "data");
        this.receivedNanos = receivedNanos;
    }

    /** A video access unit; takes ownership of {@code data}. */
    public static Frame video(VideoTrack track, long ptsMicros, long dtsMicros, boolean keyframe, ByteBuf data,
                              long receivedNanos) {
        Objects.requireNonNull(track, "track");
        return new Frame(track.codec(), track, null, ptsMicros, dtsMicros, keyframe, data, receivedNanos);
    }

    /** An audio frame; takes ownership of {@code data}. Every audio frame is a random access point. */
    public static Frame audio(AudioTrack track, long ptsMicros, ByteBuf data, long receivedNanos) {
        Objects.requireNonNull(track, "track");
        return new Frame(track.codec(), null, track, ptsMicros, ptsMicros, true, data, receivedNanos);
    }

    /** The same audio frame at another time, sharing (and retaining) this one's data. */
    public Frame audioAt(long ptsMicros) {
        if (audioTrack == null) {
            throw new IllegalStateException("not an audio frame: " + this);
        }
        return new Frame(codec, null, audioTrack, ptsMicros, ptsMicros, true, data.retain(), receivedNanos);
    }

    public Codec codec() {
        return codec;
    }

    /** The decoder configuration in force for this frame; null for audio. */
    public VideoTrack track() {
        return track;
    }

    /** The audio configuration of this frame; null for video. */
    public AudioTrack audioTrack() {
        return audioTrack;
    }

    public boolean isVideo() {
        return codec.isVideo();
    }

    /** Presentation time in microseconds on the source's clock (continuous, may start anywhere). */
    public long ptsMicros() {
        return ptsMicros;
    }

    /** Decoding time in microseconds; equal to pts for streams without B-frames. */
    public long dtsMicros() {
        return dtsMicros;
    }

    /** True for an IDR / IRAP picture: a reader may start here. */
    public boolean isKeyframe() {
        return keyframe;
    }

    /** The payload; see the class comment for its layout and who may touch its indices. */
    public ByteBuf data() {
        return data;
    }

    /** {@link System#nanoTime()} when the last byte of this frame arrived at SharpEye. */
    public long receivedNanos() {
        return receivedNanos;
    }

    @Override
    protected void deallocate() {
        data.release();
    }

    @Override
    public Frame touch(Object hint) {
        data.touch(hint);
        return this;
    }

    @Override
    public Frame retain() {
        super.retain();
        return this;
    }

    @Override
    public String toString() {
        return "Frame[" + codec + (keyframe ? " key" : "") + " pts=" + ptsMicros + "us " + data.readableBytes() + "B]";
    }
}
