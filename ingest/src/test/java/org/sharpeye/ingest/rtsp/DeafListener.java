package org.sharpeye.ingest.rtsp;

import org.sharpeye.media.rtp.RtpPacket;

/** A session listener that ignores every callback: for tests of what a client does by itself, or of lost callbacks. */
public final class DeafListener implements RtspSessionListener {

    @Override
    public void playing(SdpMedia media) {
    }

    @Override
    public void rtp(RtpPacket packet) {
    }

    @Override
    public void malformedRtp(String reason) {
    }

    @Override
    public void failed(RtspFailure failure) {
    }
}
