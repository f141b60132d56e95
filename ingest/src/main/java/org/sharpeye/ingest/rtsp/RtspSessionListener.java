package org.sharpeye.ingest.rtsp;

import org.sharpeye.media.rtp.RtpPacket;

/** What an {@link RtspClient} reports, always on its event loop. After {@link #failed} nothing more comes. */
public interface RtspSessionListener {

    /** PLAY was answered: RTP of {@code media} follows. */
    void playing(SdpMedia media);

    /**
     * One RTP packet of the media, valid during this call only: over TCP it borrows the connection's read buffer
     * (read it, copy what you keep; do not release it), over UDP the client releases it after this returns.
     */
    void rtp(RtpPacket packet);

    /** PLAY was answered and the camera also sends {@code audio} (set up after the video); called after playing. */
    default void playingAudio(SdpMedia audio) {
    }

    /** One RTP packet of the audio media; the client releases it after this returns. */
    default void audioRtp(RtpPacket packet) {
    }

    /** An interleaved packet on the RTP channel that is not valid RTP. */
    void malformedRtp(String reason);

    /** The session ended for {@code failure}; not called after {@link RtspClient#close()}. */
    void failed(RtspFailure failure);
}
