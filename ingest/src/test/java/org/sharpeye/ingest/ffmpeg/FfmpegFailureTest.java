package org.sharpeye.ingest.ffmpeg;

import org.junit.jupiter.api.Test;
import org.sharpeye.ingest.FailureReason;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_FORBIDDEN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_SERVER_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_UNAUTHORIZED;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_INVALIDDATA;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_PROTOCOL_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_STREAM_NOT_FOUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FFmpeg's error codes (Linux errno values, FFmpeg's HTTP tags) map to the status reasons of DESIGN.md. */
class FfmpegFailureTest {

    @Test
    void openErrors() {
        assertEquals(FailureReason.REFUSED, FfmpegFailure.ofOpen(-111).reason());
        assertEquals("connection refused", FfmpegFailure.ofOpen(-111).detail());
        assertEquals(FailureReason.NOT_FOUND, FfmpegFailure.ofOpen(AVERROR_HTTP_NOT_FOUND).reason());
        assertEquals(FailureReason.NOT_FOUND, FfmpegFailure.ofOpen(AVERROR_STREAM_NOT_FOUND).reason());
        assertEquals(FailureReason.NOT_FOUND, FfmpegFailure.ofOpen(-2).reason());
        assertEquals(FailureReason.AUTH_FAILED, FfmpegFailure.ofOpen(AVERROR_HTTP_UNAUTHORIZED).reason());
        assertEquals(FailureReason.AUTH_FAILED, FfmpegFailure.ofOpen(AVERROR_HTTP_FORBIDDEN).reason());
        assertEquals(FailureReason.AUTH_FAILED, FfmpegFailure.ofOpen(-13).reason());
        assertEquals(FailureReason.REFUSED, FfmpegFailure.ofOpen(AVERROR_HTTP_SERVER_ERROR).reason());
        for (int errno : new int[] {110, 113, 101, 104, 32, 5}) {
            assertEquals(FailureReason.UNREACHABLE, FfmpegFailure.ofOpen(-errno).reason(), "errno " + errno);
        }
        assertEquals(FailureReason.PROTOCOL_ERROR, FfmpegFailure.ofOpen(AVERROR_INVALIDDATA).reason());
        assertEquals(FailureReason.PROTOCOL_ERROR, FfmpegFailure.ofOpen(AVERROR_PROTOCOL_NOT_FOUND).reason());
        String detail = FfmpegFailure.ofOpen(AVERROR_HTTP_NOT_FOUND).detail();
        assertTrue(detail.contains("404") && detail.contains("(" + AVERROR_HTTP_NOT_FOUND + ")"), detail);
    }

    @Test
    void readErrors() {
        assertEquals(new FfmpegFailure(FailureReason.UNREACHABLE, "end of stream"), FfmpegFailure.ofRead(AVERROR_EOF));
        assertEquals(FailureReason.UNREACHABLE, FfmpegFailure.ofRead(-104).reason());
        assertTrue(FfmpegFailure.ofRead(-104).detail().startsWith("connection lost: "));
        assertEquals(FailureReason.PROTOCOL_ERROR, FfmpegFailure.ofRead(AVERROR_INVALIDDATA).reason());
    }
}
