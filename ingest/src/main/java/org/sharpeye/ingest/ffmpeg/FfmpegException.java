package org.sharpeye.ingest.ffmpeg;

/** An FFmpeg input failed or ended; carries the classified failure. */
final class FfmpegException extends Exception {

    private final FfmpegFailure failure;

    FfmpegException(FfmpegFailure failure) {
        super(failure.detail(), null, false, false);
        this.failure = failure;
    }

    FfmpegFailure failure() {
        return failure;
    }
}
