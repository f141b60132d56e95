package org.sharpeye.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;
import org.sharpeye.media.codec.NalUnits;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Collects the frames of a depacketizer under test and releases them at the end. */
final class Frames implements Consumer<Frame>, AutoCloseable {

    final List<Frame> frames = new ArrayList<>();

    @Override
    public void accept(Frame frame) {
        frames.add(frame);
    }

    /** Parses and pushes raw packets, releasing each; returns the outcomes. */
    static List<DepacketizerOutcome> push(VideoDepacketizer d, List<byte[]> packets) {
        List<DepacketizerOutcome> outcomes = new ArrayList<>();
        for (byte[] bytes : packets) {
            outcomes.add(push(d, bytes));
        }
        return outcomes;
    }

    static DepacketizerOutcome push(VideoDepacketizer d, byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        RtpPacket p = assertInstanceOf(RtpPacket.class, RtpPacket.parse(buf));
        try {
            return d.push(p);
        } finally {
            p.release();
            buf.release();
        }
    }

    /** The NAL unit types of a frame, checking the length-prefixed layout covers the data exactly. */
    static List<Integer> nalTypes(Frame frame) {
        ByteBuf data = frame.data().duplicate();
        List<Integer> types = new ArrayList<>();
        while (data.isReadable()) {
            assertTrue(data.readableBytes() >= 4, "length prefix");
            int length = data.readInt();
            assertTrue(length > 0 && length <= data.readableBytes(), "NAL length " + length);
            types.add(NalUnits.type(frame.codec(), data.getByte(data.readerIndex())));
            data.skipBytes(length);
        }
        return types;
    }

    /** Asserts what every frame of a clean ffmpeg capture must satisfy. */
    void assertCleanStream(Codec codec, int expectedFrames, int gop) {
        assertEquals(expectedFrames, frames.size());
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            assertEquals(codec, f.codec());
            assertEquals(640, f.track().width());
            assertEquals(360, f.track().height());
            assertEquals(i % gop == 0, f.isKeyframe(), "keyframe at " + i);
            List<Integer> types = nalTypes(f);
            for (int type : types) {
                assertFalse(NalUnits.isParameterSet(codec, type), "parameter sets travel in the track");
                assertTrue(type != NalUnits.H264_AUD || codec != Codec.H264);
            }
            assertTrue(types.stream().anyMatch(t -> NalUnits.isVcl(codec, t)), "a picture in frame " + i);
            if (i > 0) {
                assertEquals(40_000, f.ptsMicros() - frames.get(i - 1).ptsMicros(), "25 fps");
            }
        }
    }

    static <T> List<T> map(List<byte[]> packets, Function<byte[], T> f) {
        List<T> out = new ArrayList<>();
        for (byte[] p : packets) {
            out.add(f.apply(p));
        }
        return out;
    }

    @Override
    public void close() {
        frames.forEach(Frame::release);
        frames.clear();
    }
}
