package org.sharpeye.ingest.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.sharpeye.media.rtp.RtpPacket;
import org.sharpeye.media.rtp.RtpParse;

/**
 * The media a playing session receives: RTP parsed and handed to the listener, its arrival noted for the stall
 * check, and the statistics of our RTCP receiver reports (RFC 3550 6.4.2). One connection's event loop.
 */
final class RtpReception {

    private final RtspSessionListener listener;
    private RtcpReporter reporter;
    private long lastRtpNanos;
    private boolean active;
    private int videoChannel;
    private int audioChannel = -1;

    RtpReception(RtspSessionListener listener) {
        this.listener = listener;
    }

    /**
     * PLAY was answered: media is taken from now on, reports start, and the silence is measured from now.
     *
     * @param audioRtpChannel the audio's interleaved RTP channel, -1 without audio
     */
    void start(int clockRate, int videoRtpChannel, int audioRtpChannel) {
        lastRtpNanos = System.nanoTime();
        reporter = new RtcpReporter(clockRate > 0 ? clockRate : 90_000);
        videoChannel = videoRtpChannel;
        audioChannel = audioRtpChannel;
        active = true;
    }

    /** The session is over: nothing more reaches the listener. */
    void stop() {
        active = false;
    }

    /**
     * One packet from the connection, read in place ({@link InterleavedSink}): video or audio RTP, or the video's
     * RTCP (the odd channel).
     */
    void interleaved(int channel, ByteBuf packet) {
        if (!active) {
            return; // packets before PLAY's answer are not needed
        }
        if (channel == videoChannel) {
            video(packet);
        } else if (audioChannel >= 0 && channel == audioChannel) {
            audio(packet);
        } else if (channel == videoChannel + 1) {
            rtcp(packet, System.nanoTime());
        }
    }

    private void video(ByteBuf content) {
        lastRtpNanos = System.nanoTime();
        // the packet's bytes in the decoder's buffer, borrowed for this call: no slice, no reference count change
        RtpParse parsed = RtpPacket.parseBorrowed(content);
        if (parsed instanceof RtpPacket rtp) {
            reporter.received(rtp, lastRtpNanos);
            listener.rtp(rtp);
        } else if (parsed instanceof RtpParse.Malformed malformed) {
            listener.malformedRtp(malformed.reason());
        }
    }

    /** One video RTP packet from the UDP port, in order; released by the caller. */
    void video(RtpPacket packet) {
        if (!active) {
            return;
        }
        lastRtpNanos = System.nanoTime();
        reporter.received(packet, lastRtpNanos);
        listener.rtp(packet);
    }

    private void audio(ByteBuf content) {
        if (RtpPacket.parse(content) instanceof RtpPacket rtp) {
            try {
                listener.audioRtp(rtp);
            } finally {
                rtp.release();
            }
        } // a malformed audio packet is dropped: the video decides whether the session is healthy
    }

    /** One RTCP packet of the video from the camera (not retained): its sender reports give LSR/DLSR. */
    void rtcp(ByteBuf content, long arrivalNanos) {
        if (active) {
            reporter.rtcp(content, arrivalNanos);
        }
    }

    /** A STALLED failure when no video RTP came for longer than {@code gap} (since PLAY at first), else null. */
    RtspFailure stall(java.time.Duration gap, long nowNanos) {
        return !StallRule.stalled(lastRtpNanos, nowNanos, gap) ? null
                : new RtspFailure(org.sharpeye.ingest.FailureReason.STALLED, "no RTP for "
                        + java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(nowNanos - lastRtpNanos) + " ms");
    }

    /** Our receiver report now, or null before the camera's first packet. */
    ByteBuf report(ByteBufAllocator alloc) {
        return reporter == null || !reporter.hasSource() ? null : reporter.report(alloc, System.nanoTime());
    }
}
