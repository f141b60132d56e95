package org.sharpeye.ingest;

import org.sharpeye.ingest.rtsp.Credentials;
import org.sharpeye.ingest.rtsp.RtspClient;
import org.sharpeye.ingest.rtsp.RtspFailure;
import org.sharpeye.ingest.rtsp.RtspSessionListener;
import org.sharpeye.ingest.rtsp.SdpException;
import org.sharpeye.ingest.rtsp.SdpMedia;
import org.sharpeye.media.rtp.DepacketizerOutcome;
import org.sharpeye.media.rtp.RtpPacket;
import org.sharpeye.media.rtp.VideoDepacketizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream RTSP session of an {@link RtspSource}: its client, the depacketizer of the video PLAY started, the
 * audio channel when the camera sends audio, and the accounting of lost frames and bad packets. Everything runs
 * on the source's event loop (the client's callbacks too); every callback is guarded, so a bug ends the session
 * as PROTOCOL_ERROR instead of escaping into Netty.
 */
final class RtspSession extends SourceSession implements RtspSessionListener {

    private static final Logger log = LoggerFactory.getLogger(RtspSession.class);

    private final RtspSource source;
    private final StreamTimeline.Session timeline;
    private final PacketErrors errors;
    private RtspClient client;
    private VideoDepacketizer depacketizer;
    private AudioChannel audio;
    private int payloadType;
    private long lostReported;
    private boolean delivered;

    RtspSession(RtspSource source) {
        this.source = source;
        this.timeline = source.timeline.newSession();
        this.errors = new PacketErrors(source.spec.path());
    }

    @Override
    void start() {
        SourceSpec spec = source.spec;
        Credentials credentials = spec.username() == null ? null
                : new Credentials(spec.username(), spec.password() == null ? "" : spec.password());
        client = source.clients().open(source.loop, spec.uri(), credentials, source.options.clientOptions(), this);
        client.start();
    }

    @Override
    void close() {
        if (audio != null) {
            audio.close();
            audio = null;
        }
        if (depacketizer != null) {
            depacketizer.close();
            depacketizer = null;
        }
        if (client != null) {
            client.close().whenComplete((v, e) -> markEnded());
        } else {
            markEnded();
        }
    }

    @Override
    public void playing(SdpMedia media) {
        try {
            if (!source.current(this)) {
                return;
            }
            try {
                depacketizer = source.depacketizers().create(media, timeline::publish);
            } catch (SdpException e) {
                fail(FailureReason.PROTOCOL_ERROR, e.getMessage());
                return;
            }
            payloadType = media.payloadType();
            // This session's audio, if any, is announced by playingAudio, which follows at once: until then the
            // stream has none (a camera that dropped its audio must not leave its last track announced).
            source.stream.announceAudio(null);
            source.playing(this, media.codecName());
        } catch (Throwable t) {
            source.internalError(this, t);
        }
    }

    @Override
    public void rtp(RtpPacket packet) {
        try {
            if (!source.current(this) || depacketizer == null || packet.payloadType() != payloadType) {
                return;
            }
            DepacketizerOutcome outcome = depacketizer.push(packet);
            long lost = depacketizer.stats().framesLost();
            for (; lostReported < lost; lostReported++) {
                source.stream.stats().frameLost();
            }
            if (outcome == DepacketizerOutcome.FRAME) {
                errors.frame();
                markFrame();
                if (!delivered) {
                    delivered = true;
                    source.delivered();
                }
            } else if (outcome.isError()) {
                error(outcome, depacketizer.stats().lastError());
            }
        } catch (Throwable t) {
            source.internalError(this, t);
        }
    }

    @Override
    public void playingAudio(SdpMedia media) {
        try {
            if (!source.current(this) || depacketizer == null) {
                return;
            }
            audio = new AudioChannel(media, this::videoNow, source.stream::publish);
            // Before the first RTP packet: a viewer of a cold camera lists the audio in its container's header.
            source.stream.announceAudio(audio.track());
            log.info("{}: with {} audio", source.spec.path(), audio.codec());
        } catch (IllegalArgumentException e) {
            log.info("{}: audio not taken ({}), video only", source.spec.path(), e.getMessage());
        } catch (Throwable t) {
            source.internalError(this, t);
        }
    }

    @Override
    public void audioRtp(RtpPacket packet) {
        try {
            if (source.current(this) && audio != null) {
                for (long lost = audio.push(packet); lost > 0; lost--) {
                    source.stream.stats().frameLost();
                }
            }
        } catch (Throwable t) {
            source.internalError(this, t);
        }
    }

    /** The video pts of this instant, for placing audio; Long.MIN_VALUE before this session's first frame. */
    private long videoNow() {
        return delivered ? source.timeline.now() : Long.MIN_VALUE;
    }

    @Override
    public void malformedRtp(String reason) {
        try {
            if (source.current(this)) {
                error(DepacketizerOutcome.MALFORMED, "malformed RTP: " + reason);
            }
        } catch (Throwable t) {
            source.internalError(this, t);
        }
    }

    private void error(DepacketizerOutcome outcome, String lastError) {
        String fatal = errors.error(outcome, lastError);
        if (fatal != null) {
            fail(FailureReason.PROTOCOL_ERROR, fatal);
        }
    }

    private void fail(FailureReason reason, String detail) {
        close();
        source.sessionFailed(this, reason, detail);
    }

    @Override
    public void failed(RtspFailure failure) {
        try {
            source.sessionFailed(this, failure.reason(), failure.detail());
        } catch (Throwable t) {
            source.internalError(this, t);
        }
    }
}
