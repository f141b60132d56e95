package org.sharpeye.ingest;

import io.netty.channel.EventLoop;
import org.sharpeye.ingest.rtsp.Credentials;
import org.sharpeye.ingest.rtsp.RtspClient;
import org.sharpeye.ingest.rtsp.RtspClientOptions;
import org.sharpeye.ingest.rtsp.RtspSessionListener;
import org.sharpeye.ingest.rtsp.SdpException;
import org.sharpeye.ingest.rtsp.SdpMedia;
import org.sharpeye.media.Frame;
import org.sharpeye.media.rtp.H264Depacketizer;
import org.sharpeye.media.rtp.H265Depacketizer;
import org.sharpeye.media.rtp.VideoDepacketizer;

import java.net.URI;
import java.util.function.Consumer;

/**
 * The source of an rtsp:// path, the hot path of ingest: supervised like every source ({@link SupervisedSource}),
 * each session an {@link RtspSession} whose RTSP client runs on the source's own event loop.
 */
final class RtspSource extends SupervisedSource {

    /** Opens the RTSP client of one session; a seam for tests. */
    interface ClientFactory {
        RtspClient open(EventLoop loop, URI url, Credentials credentials, RtspClientOptions options,
                        RtspSessionListener listener);
    }

    /** Makes the depacketizer of the media PLAY started; a seam for tests. */
    interface DepacketizerFactory {
        VideoDepacketizer create(SdpMedia media, Consumer<Frame> frames) throws SdpException;
    }

    static final ClientFactory RTSP_CLIENTS = RtspClient::new;
    static final DepacketizerFactory VIDEO_DEPACKETIZERS = (media, frames) -> "H265".equals(media.codecName())
            ? new H265Depacketizer(media.parameterSets(), frames)
            : new H264Depacketizer(media.parameterSets(), frames);

    private final ClientFactory clients;
    private final DepacketizerFactory depacketizers;

    RtspSource(SourceSpec spec, EventLoop loop, IngestOptions options, Consumer<Observation> observations) {
        this(spec, loop, options, observations, RTSP_CLIENTS, VIDEO_DEPACKETIZERS);
    }

    RtspSource(SourceSpec spec, EventLoop loop, IngestOptions options, Consumer<Observation> observations,
               ClientFactory clients, DepacketizerFactory depacketizers) {
        super(spec, loop, options, observations);
        this.clients = clients;
        this.depacketizers = depacketizers;
    }

    @Override
    SourceSession openSession() {
        return new RtspSession(this);
    }

    @Override
    String noFrameDetail() {
        return "RTP but no frame for";
    }

    ClientFactory clients() {
        return clients;
    }

    DepacketizerFactory depacketizers() {
        return depacketizers;
    }
}
