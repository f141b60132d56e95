package org.sharpeye.ingest.rtsp;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts and limits of one RTSP client.
 *
 * @param connectTimeout TCP connect, default 5 s
 * @param responseTimeout wait for each RTSP response, default 10 s
 * @param stallGap no RTP for this long while playing is a stall, default 5 s
 * @param maxRedirects 3xx answers followed before giving up, default 3
 * @param userAgent the User-Agent header, default "SharpEye"
 * @param transport the transport tried first, default TCP; the other is tried when SETUP is answered 461
 */
public record RtspClientOptions(Duration connectTimeout, Duration responseTimeout, Duration stallGap, int maxRedirects,
                                String userAgent, RtspTransport transport) {

    public static final RtspClientOptions DEFAULT = new RtspClientOptions(Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(5), 3, "SharpEye");

    /** Options with TCP tried first. */
    public RtspClientOptions(Duration connectTimeout, Duration responseTimeout, Duration stallGap, int maxRedirects,
                             String userAgent) {
        this(connectTimeout, responseTimeout, stallGap, maxRedirects, userAgent, RtspTransport.TCP);
    }

    public RtspClientOptions withTransport(RtspTransport preferred) {
        return new RtspClientOptions(connectTimeout, responseTimeout, stallGap, maxRedirects, userAgent, preferred);
    }

    public RtspClientOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        Objects.requireNonNull(stallGap, "stallGap");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(transport, "transport");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || responseTimeout.isNegative()
                || responseTimeout.isZero() || stallGap.isNegative() || stallGap.isZero() || maxRedirects < 0) {
            throw new IllegalArgumentException("timeouts must be positive and maxRedirects not negative");
        }
    }
}
