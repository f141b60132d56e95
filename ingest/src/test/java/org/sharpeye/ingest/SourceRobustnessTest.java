package org.sharpeye.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeye.ingest.rtsp.DeafListener;
import org.sharpeye.ingest.rtsp.RtspClient;
import org.sharpeye.ingest.rtsp.ScriptedRtspServer;
import org.sharpeye.ingest.rtsp.SharedEventLoop;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An unexpected Throwable inside a source's tasks (a bug, a class missing at run time) becomes a PROTOCOL_ERROR
 * failure with the detail, and the source retries: it never stays CONNECTING.
 */
class SourceRobustnessTest {

    private static final String PUBLIC_ALL = "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER";
    @RegisterExtension
    static final SharedEventLoop group = new SharedEventLoop();

    private static IngestOptions fast() {
        return IngestOptions.defaults().withBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .withConnectTimeout(Duration.ofMillis(300)).withResponseTimeout(Duration.ofMillis(300));
    }

    private static ScriptedRtspServer camera() throws Exception {
        return new ScriptedRtspServer(ScriptedRtspServer.camera(PUBLIC_ALL,
                "Session: 4711;timeout=60\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n", (r, c) -> { }));
    }

    @Test
    void errorWhileOpeningTheClientIsAProtocolErrorAndRetried() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        RtspSource.ClientFactory flaky = (loop, url, credentials, options, listener) -> {
            if (opens.getAndIncrement() == 0) {
                throw new NoClassDefFoundError("io/netty/Missing");
            }
            return new RtspClient(loop, url, credentials, options, listener);
        };
        Observations observations = new Observations();
        try (ScriptedRtspServer server = camera()) {
            RtspSource source = new RtspSource(new SourceSpec("cam/main", server.url("/live"), null, null, false),
                    group.next(), fast(), observations, flaky, RtspSource.VIDEO_DEPACKETIZERS);
            source.start();
            SourceStatus failed = observations.awaitFailure(FailureReason.PROTOCOL_ERROR, 5000);
            assertTrue(failed.detail().contains("NoClassDefFoundError"), failed.detail());
            observations.awaitState(SourceState.PLAYING, 5000);
            assertTrue(source.figures().reconnects() >= 1, "the retry is counted");
            source.close();
            observations.awaitState(SourceState.CLOSED, 5000);
        }
    }

    @Test
    void errorWhenPlayStartsIsAProtocolErrorAndRetried() throws Exception {
        AtomicInteger creations = new AtomicInteger();
        RtspSource.DepacketizerFactory flaky = (media, frames) -> {
            if (creations.getAndIncrement() == 0) {
                throw new NoClassDefFoundError("org/sharpeye/media/rtp/Gone");
            }
            return RtspSource.VIDEO_DEPACKETIZERS.create(media, frames);
        };
        Observations observations = new Observations();
        try (ScriptedRtspServer server = camera()) {
            RtspSource source = new RtspSource(new SourceSpec("cam/main", server.url("/live"), null, null, false),
                    group.next(), fast(), observations, RtspSource.RTSP_CLIENTS, flaky);
            source.start();
            SourceStatus failed = observations.awaitFailure(FailureReason.PROTOCOL_ERROR, 5000);
            assertTrue(failed.detail().contains("NoClassDefFoundError"), failed.detail());
            assertTrue(failed.detail().contains("internal error"), failed.detail());
            observations.awaitState(SourceState.PLAYING, 5000);
            source.close();
            observations.awaitState(SourceState.CLOSED, 5000);
        }
    }

    @Test
    void aSessionThatNeverReportsIsEndedByTheWatchdog() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        // A client whose callbacks get lost (the bug class the watchdog exists for): nothing ever reports.
        RtspSource.ClientFactory deaf = (loop, url, credentials, options, listener) ->
                new RtspClient(loop, url, credentials, options, new DeafListener());
        Observations observations = new Observations();
        IngestOptions options = fast().withConnectTimeout(Duration.ofMillis(100)).withResponseTimeout(Duration.ofMillis(100));
        RtspSource source = new RtspSource(new SourceSpec("cam/main", "rtsp://127.0.0.1:" + closedPort + "/x", null, null,
                false), group.next(), options, observations, deaf, RtspSource.VIDEO_DEPACKETIZERS);
        source.start();
        observations.awaitState(SourceState.CONNECTING, 2000);
        SourceStatus failed = observations.awaitFailure(FailureReason.PROTOCOL_ERROR, 6000);
        assertTrue(failed.detail().startsWith("no session after"), failed.detail());
        observations.awaitState(SourceState.CONNECTING, 2000); // and it tries again
        source.close();
        observations.awaitState(SourceState.CLOSED, 5000);
    }
}
