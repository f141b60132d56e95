package org.sharpeye.ingest.rtsp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a session sets up from a DESCRIBE answer: the first H.264/H.265 video, the first supported audio if any,
 * and the aggregate control URL that PLAY, keepalives and TEARDOWN use.
 *
 * @param audio null when the camera offers no audio we can depacketize
 */
record MediaChoice(SdpMedia video, SdpMedia audio, URI aggregateControl) {

    private static final List<String> CODECS = List.of("H264", "H265");

    /**
     * Reads the answer's SDP; relative controls resolve against Content-Base, else Content-Location, else the
     * request URL (RFC 2326 C.1.1).
     *
     * @throws SdpException with the status detail when the SDP is unusable
     */
    static MediaChoice of(RtspResponse describe, URI url) throws SdpException {
        String baseHeader = describe.headers().get("Content-Base", describe.headers().get("Content-Location"));
        Sdp sdp;
        try {
            URI base = baseHeader == null ? url : url.resolve(new URI(baseHeader.trim()));
            sdp = Sdp.parse(describe.bodyText(), base);
        } catch (SdpException | URISyntaxException e) {
            throw new SdpException("bad SDP: " + e.getMessage());
        }
        SdpMedia video = sdp.firstVideo(CODECS).orElse(null);
        if (video == null) {
            String offered = sdp.media().stream().map(m -> m.type() + "/" + m.encoding())
                    .collect(Collectors.joining(","));
            throw new SdpException("no H.264 or H.265 video in the SDP (offered: " + offered + ")");
        }
        String donDiff = video.fmtp().get("sprop-max-don-diff");
        if (donDiff != null && !donDiff.equals("0")) {
            throw new SdpException("H.265 with decoding order numbers is not supported");
        }
        SdpMedia audio = sdp.media().stream().filter(AudioFormats::supported).findFirst().orElse(null);
        return new MediaChoice(video, audio, sdp.control());
    }

    /** The same choice without its audio (refused, or not carried by the transport in force). */
    MediaChoice videoOnly() {
        return new MediaChoice(video, null, aggregateControl);
    }
}
