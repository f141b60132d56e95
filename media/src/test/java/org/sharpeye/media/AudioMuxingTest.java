package org.sharpeye.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeye.media.flv.FlvMuxer;
import org.sharpeye.media.fmp4.Fmp4Muxer;
import org.sharpeye.media.hls.HlsOptions;
import org.sharpeye.media.hls.HlsSegmenter;
import org.sharpeye.media.hls.SegmentFormat;
import org.sharpeye.media.ts.TsMuxer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Audio in every container, read back by Debian's ffprobe: AAC (44.1 kHz stereo, made by ffmpeg) next to H.264
 * in FLV, fMP4 (one fragment per frame, as a viewer gets it), MPEG-TS and both kinds of HLS segments, with the
 * audio's codec, rate and channels, and audio packets in step with the video; G.711 in FLV, and left out of fMP4.
 */
class AudioMuxingTest {

    @TempDir
    Path dir;

    private List<Frame> video;
    private List<Frame> aac;

    @BeforeEach
    void encode() throws Exception {
        video = EncodedSamples.frames(Codec.H264, EncodedSamples.encode(Codec.H264, 320, 240, 4, dir), 320, 240);
        aac = EncodedAudio.aac(44100, 2, 4, 1_000_000, dir);
    }

    @AfterEach
    void release() {
        video.forEach(Frame::release);
        aac.forEach(Frame::release);
    }

    @Test
    void aacInFlv() throws Exception {
        Path flv = flv(aac, dir.resolve("av.flv"));
        ProbedMedia p = ProbedMedia.of(flv);
        p.assertStreams("h264", "aac", "44100", "2");
        p.assertInStep();
    }

    @Test
    void g711InFlv() throws Exception {
        List<Frame> pcma = EncodedAudio.pcma(4, 1_000_000, dir);
        try {
            Path flv = flv(pcma, dir.resolve("alaw.flv"));
            ProbedMedia p = ProbedMedia.of(flv);
            p.assertStreams("h264", "pcm_alaw", "8000", "1");
            p.assertInStep();
        } finally {
            pcma.forEach(Frame::release);
        }
    }

    @Test
    void aacInFmp4FragmentsWithBothCodecsInTheMimeType() throws Exception {
        AudioTrack audio = aac.get(0).audioTrack();
        VideoTrack track = video.get(0).track();
        assertTrue(Fmp4Muxer.codecs(track, audio).matches("avc1\\.[0-9A-F]{6},mp4a\\.40\\.2"),
                Fmp4Muxer.codecs(track, audio));
        Path mp4 = fmp4(aac, dir.resolve("av.mp4"));
        ProbedMedia p = ProbedMedia.of(mp4);
        p.assertStreams("h264", "aac", "44100", "2");
        p.assertInStep();
        FfmpegDecode.assertClean(mp4);
    }

    @Test
    void g711IsLeftOutOfFmp4() throws Exception {
        List<Frame> pcma = EncodedAudio.pcma(4, 1_000_000, dir);
        try {
            AudioTrack audio = pcma.get(0).audioTrack();
            assertFalse(Fmp4Muxer.codecs(video.get(0).track(), audio).contains(","), "video codec only");
            Path mp4 = fmp4(pcma, dir.resolve("v.mp4"));
            String streams = ProbedMedia.of(mp4).streams();
            assertTrue(streams.contains("codec_name=h264") && !streams.contains("codec_type=audio"), streams);
        } finally {
            pcma.forEach(Frame::release);
        }
    }

    @Test
    void aacInMpegTsAnnouncedOrLearnedFromTheFrames() throws Exception {
        for (boolean announced : new boolean[] {true, false}) {
            TsMuxer muxer = new TsMuxer(PooledByteBufAllocator.DEFAULT);
            if (announced) {
                muxer.audio(aac.get(0).audioTrack());
            }
            Path ts = dir.resolve("av-" + announced + ".ts");
            try (OutputStream out = Files.newOutputStream(ts)) {
                for (Frame f : EncodedAudio.interleave(video, aac)) {
                    write(out, muxer.frame(f));
                }
            }
            ProbedMedia p = ProbedMedia.of(ts);
            p.assertStreams("h264", "aac", "44100", "2");
            p.assertInStep();
            FfmpegDecode.assertClean(ts);
        }
    }

    @Test
    void aacInHlsSegmentsOfBothFormats() throws Exception {
        for (SegmentFormat format : SegmentFormat.values()) {
            try (HlsSegmenter segmenter = new HlsSegmenter(PooledByteBufAllocator.DEFAULT, HlsOptions.of(format))) {
                segmenter.audio(aac.get(0).audioTrack());
                for (Frame f : EncodedAudio.interleave(video, aac)) {
                    segmenter.accept(f);
                }
                segmenter.end();
                if (format == SegmentFormat.FMP4) {
                    assertTrue(segmenter.codecs().endsWith(",mp4a.40.2"), segmenter.codecs());
                }
                Path file = dir.resolve("hls" + format.extension());
                try (OutputStream out = Files.newOutputStream(file)) {
                    if (format == SegmentFormat.FMP4) {
                        write(out, segmenter.file("init-1.mp4"));
                    }
                    for (String name : segmenter.segmentNames()) {
                        write(out, segmenter.file(name));
                    }
                }
                ProbedMedia p = ProbedMedia.of(file);
                p.assertStreams("h264", "aac", "44100", "2");
                p.assertInStep();
                FfmpegDecode.assertClean(file);
            }
        }
    }

    /** Writes the video with {@code audio} interleaved as an FLV file. */
    private Path flv(List<Frame> audio, Path file) throws IOException {
        FlvMuxer muxer = new FlvMuxer(PooledByteBufAllocator.DEFAULT);
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, muxer.header(video.get(0).track(), audio.get(0).audioTrack()));
            for (Frame f : EncodedAudio.interleave(video, audio)) {
                write(out, muxer.frame(f));
            }
        }
        return file;
    }

    /** Writes the video with {@code audio} interleaved as fragmented MP4, an init segment before each new track. */
    private Path fmp4(List<Frame> audio, Path file) throws IOException {
        AudioTrack track = audio.get(0).audioTrack();
        Fmp4Muxer muxer = new Fmp4Muxer(PooledByteBufAllocator.DEFAULT);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (Frame f : EncodedAudio.interleave(video, audio)) {
                if (f.isVideo() && f.isKeyframe() && muxer.needsInit(f, track)) {
                    write(out, muxer.initSegment(f.track(), track));
                }
                write(out, muxer.fragment(f));
            }
        }
        return file;
    }

    private static void write(OutputStream out, ByteBuf buf) throws IOException {
        if (buf == null) {
            return;
        }
        try {
            buf.readBytes(out, buf.readableBytes());
        } finally {
            buf.release();
        }
    }
}
