package org.sharpeye.ingest.transcode;

/**
 * What one transcoder has done so far: the figures benchmarks use to say what a transcode costs.
 *
 * @param framesIn source video frames handed to the transcoder
 * @param framesOut H.264 frames published
 * @param framesDropped source frames the transcoder lost because it fell behind (its reader queue overflowed)
 * @param framesSkipped source frames skipped while waiting for a keyframe (at start and after a decode error)
 * @param decodeErrors source frames that failed to decode
 * @param encodeErrors pictures that failed to encode
 * @param decodedPictures pictures out of the decoder
 * @param decodeNanos time spent in the decoder
 * @param encodeNanos time spent scaling and encoding
 * @param workerCpuNanos CPU time of the transcoder's worker thread, -1 when the JVM cannot measure it
 */
public record TranscodeStats(long framesIn, long framesOut, long framesDropped, long framesSkipped, long decodeErrors,
                             long encodeErrors, long decodedPictures, long decodeNanos, long encodeNanos,
                             long workerCpuNanos) {

    /** Mean decode time per source frame in microseconds. */
    public double decodeMicrosPerFrame() {
        return framesIn == 0 ? 0 : decodeNanos / 1000.0 / framesIn;
    }

    /** Mean scale and encode time per output frame in microseconds. */
    public double encodeMicrosPerFrame() {
        return framesOut == 0 ? 0 : encodeNanos / 1000.0 / framesOut;
    }
}
