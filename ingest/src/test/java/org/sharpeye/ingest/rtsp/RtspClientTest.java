package org.sharpeye.ingest.rtsp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeye.ingest.FailureReason;
import org.sharpeye.media.rtp.RtpPacket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client's protocol handling against a scripted loopback server. */
class RtspClientTest {

    @RegisterExtension
    static final SharedEventLoop group = new SharedEventLoop();
    private static final String PUBLIC_ALL = "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER";

    /** Records what the client reports: "playing", RTP sequence numbers, malformed reasons, failures. */
    private static final class Events implements RtspSessionListener {
        final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

        @Override
        public void playing(SdpMedia media) {
            queue.add(media);
        }

        @Override
        public void rtp(RtpPacket packet) {
            queue.add(packet.sequence());
        }

        @Override
        public void malformedRtp(String reason) {
            queue.add("malformed: " + reason);
        }

        @Override
        public void failed(RtspFailure failure) {
            queue.add(failure);
        }

        Object next() throws InterruptedException {
            Object o = queue.poll(10, TimeUnit.SECONDS);
            assertNotNull(o, "no event from the client");
            return o;
        }
    }

    private static RtspClient client(String url, Credentials credentials, Duration stallGap, Events events) {
        RtspClientOptions options = new RtspClientOptions(Duration.ofSeconds(2), Duration.ofMillis(800), stallGap, 2,
                "test");
        RtspClient c = new RtspClient(group.next(), URI.create(url), credentials, options, events);
        c.start();
        return c;
    }

    private static byte[] rtp(int sequence) {
        return new byte[] {(byte) 0x80, 96, (byte) (sequence >> 8), (byte) sequence, 0, 0, 0, 1, 0, 0, 0, 9, 0x41, 1};
    }

    @Test
    void negotiatesAndDeliversRtpOfTheChannelTheServerChose() throws Exception {
        try (ScriptedRtspServer server = new ScriptedRtspServer(ScriptedRtspServer.camera(PUBLIC_ALL,
                "Session: 4711;timeout=60\r\nTransport: RTP/AVP/TCP;unicast;interleaved=4-5\r\n", (r, c) -> {
                    try {
                        c.interleaved(0, rtp(1));    // not our channel
                        c.interleaved(5, rtp(2));    // RTCP channel
                        c.interleaved(4, rtp(3));
                        c.interleaved(4, new byte[] {1, 2, 3});
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }))) {
            Events events = new Events();
            RtspClient client = client(server.url("/live?ch=1"), null, Duration.ofSeconds(30), events);
            SdpMedia media = assertInstanceOf(SdpMedia.class, events.next());
            assertEquals("H264", media.codecName());
            assertEquals(3, events.next());
            assertTrue(events.next().toString().startsWith("malformed"));
            assertEquals("OPTIONS", server.next(1000).method());
            assertEquals("DESCRIBE", server.next(1000).method());
            ScriptedRtspServer.Request setup = server.next(1000);
            assertEquals(server.url("/live?ch=1/track1"), setup.uri(), "relative control on Content-Base");
            assertEquals("RTP/AVP/TCP;unicast;interleaved=0-1", setup.header("Transport"));
            ScriptedRtspServer.Request play = server.next(1000);
            assertEquals("4711", play.header("Session"), "timeout parameter stripped");
            client.close();
            ScriptedRtspServer.Request teardown = server.next("TEARDOWN", 2000);
            assertEquals("4711", teardown.header("Session"));
            assertNull(events.queue.poll(300, TimeUnit.MILLISECONDS), "no failure after our own close");
        }
    }

    @Test
    void keepaliveByGetParameterAtHalfTheSessionTimeout() throws Exception {
        try (ScriptedRtspServer server = new ScriptedRtspServer(ScriptedRtspServer.camera(PUBLIC_ALL,
                "Session: 4711;timeout=2\r\n", (r, c) -> { }))) {
            Events events = new Events();
            RtspClient client = client(server.url("/k"), null, Duration.ofSeconds(30), events);
            events.next();
            long played = System.nanoTime();
            ScriptedRtspServer.Request keepalive = server.next("GET_PARAMETER", 3000);
            long after = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - played);
            assertTrue(after >= 800 && after < 2000, "sent after about 1 s: " + after);
            assertEquals("4711", keepalive.header("Session"));
            server.next("GET_PARAMETER", 3000);
            client.close();
        }
    }

    @Test
    void keepaliveByOptionsWhenGetParameterIsNotOffered() throws Exception {
        try (ScriptedRtspServer server = new ScriptedRtspServer(ScriptedRtspServer.camera("OPTIONS, DESCRIBE, SETUP, PLAY",
                "Session: 4711;timeout=2\r\n", (r, c) -> { }))) {
            Events events = new Events();
            RtspClient client = client(server.url("/k"), null, Duration.ofSeconds(30), events);
            events.next();
            server.next("PLAY", 1000);
            ScriptedRtspServer.Request keepalive = server.next(3000);
            assertEquals("OPTIONS", keepalive.method());
            assertEquals("4711", keepalive.header("Session"));
            client.close();
        }
    }

    @Test
    void aRefusedKeepaliveSwitchesToOptionsInsteadOfEndingTheSession() throws Exception {
        ScriptedRtspServer.Script camera = ScriptedRtspServer.camera(PUBLIC_ALL, "Session: 4711;timeout=2\r\n",
                (r, c) -> { });
        try (ScriptedRtspServer server = new ScriptedRtspServer((r, c) -> {
            if (r.method().equals("GET_PARAMETER")) {
                c.reply(r, 405, "", null);
            } else {
                camera.answer(r, c);
            }
        })) {
            Events events = new Events();
            RtspClient client = client(server.url("/k"), null, Duration.ofSeconds(30), events);
            events.next();
            server.next("GET_PARAMETER", 3000);
            ScriptedRtspServer.Request next = server.next(3000);
            assertEquals("OPTIONS", next.method());
            assertNull(events.queue.poll(100, TimeUnit.MILLISECONDS), "the session goes on");
            client.close();
        }
    }

    @Test
    void silenceAfterPlayIsAStall() throws Exception {
        try (ScriptedRtspServer server = new ScriptedRtspServer(ScriptedRtspServer.camera(PUBLIC_ALL,
                "Session: 4711\r\n", (r, c) -> { }))) {
            Events events = new Events();
            client(server.url("/s"), null, Duration.ofMillis(600), events);
            events.next();
            RtspFailure failure = assertInstanceOf(RtspFailure.class, events.next());
            assertEquals(FailureReason.STALLED, failure.reason());
        }
    }

    @Test
    void noAnswerIsATimeout() throws Exception {
        try (ScriptedRtspServer server = new ScriptedRtspServer((r, c) -> { })) {
            Events events = new Events();
            client(server.url("/t"), null, Duration.ofSeconds(5), events);
            RtspFailure failure = assertInstanceOf(RtspFailure.class, events.next());
            assertEquals(FailureReason.UNREACHABLE, failure.reason());
            assertTrue(failure.detail().contains("no answer to OPTIONS"), failure.detail());
        }
    }

    @Test
    void followsARedirectAndStopsAnEndlessOne() throws Exception {
        try (ScriptedRtspServer target = new ScriptedRtspServer(ScriptedRtspServer.camera(PUBLIC_ALL,
                "Session: 4711\r\n", (r, c) -> { }));
             ScriptedRtspServer redirecting = new ScriptedRtspServer((r, c) ->
                     c.reply(r, 302, "Location: " + target.url("/moved") + "\r\n", null))) {
            Events events = new Events();
            RtspClient client = client(redirecting.url("/old"), null, Duration.ofSeconds(30), events);
            assertInstanceOf(SdpMedia.class, events.next());
            assertEquals(target.url("/moved"), target.next("DESCRIBE", 1000).uri());
            client.close();
        }
        try (ScriptedRtspServer loop = new ScriptedRtspServer((r, c) ->
                c.reply(r, 301, "Location: /again\r\n", null))) {
            Events events = new Events();
            client(loop.url("/a"), null, Duration.ofSeconds(30), events);
            RtspFailure failure = assertInstanceOf(RtspFailure.class, events.next());
            assertEquals(FailureReason.PROTOCOL_ERROR, failure.reason());
            assertTrue(failure.detail().contains("redirects"));
        }
    }

    @Test
    void digestChallengeIsAnsweredAndKeptForLaterRequests() throws Exception {
        ScriptedRtspServer.Script camera = ScriptedRtspServer.camera(PUBLIC_ALL, "Session: 4711\r\n", (r, c) -> { });
        try (ScriptedRtspServer server = new ScriptedRtspServer((r, c) -> {
            if (r.header("Authorization") == null) {
                c.reply(r, 401, "WWW-Authenticate: Digest realm=\"cam\", nonce=\"abc\", qop=\"auth\"\r\n", null);
            } else {
                camera.answer(r, c);
            }
        })) {
            Events events = new Events();
            RtspClient client = client(server.url("/d"), new Credentials("u", "p@:/%"), Duration.ofSeconds(30), events);
            assertInstanceOf(SdpMedia.class, events.next());
            assertNull(server.next(1000).header("Authorization"));
            for (String method : new String[] {"OPTIONS", "DESCRIBE", "SETUP", "PLAY"}) {
                ScriptedRtspServer.Request r = server.next(1000);
                assertEquals(method, r.method());
                assertTrue(r.header("Authorization").startsWith("Digest username=\"u\""), r.header("Authorization"));
            }
            client.close();
        }
    }

    @Test
    void refusalAndStatusCodesAreClassified() throws Exception {
        int[][] cases = {{404, 0}, {503, 1}, {403, 2}, {500, 3}};
        FailureReason[] expected = {FailureReason.NOT_FOUND, FailureReason.REFUSED, FailureReason.AUTH_FAILED,
            FailureReason.PROTOCOL_ERROR};
        for (int[] c : cases) {
            try (ScriptedRtspServer server = new ScriptedRtspServer((r, conn) -> conn.reply(r, c[0], "", null))) {
                Events events = new Events();
                client(server.url("/x"), null, Duration.ofSeconds(30), events);
                assertEquals(expected[c[1]], assertInstanceOf(RtspFailure.class, events.next()).reason());
            }
        }
    }
}
