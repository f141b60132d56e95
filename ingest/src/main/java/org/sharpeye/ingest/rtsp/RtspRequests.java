package org.sharpeye.ingest.rtsp;

import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspVersions;

import java.util.List;
import java.util.Set;

/**
 * The requests of one RTSP connection (RFC 2326 12.17, 12.41, 12.37): CSeq numbering, User-Agent, the session
 * once SETUP gave one, and authorization from the {@link Authenticator}; keeps the one request outstanding.
 * One connection's event loop.
 */
final class RtspRequests {

    /** The request we wait for an answer to. */
    record Pending(String method, String uri, int cseq, boolean withFreshChallenge) {
    }

    private final Authenticator authenticator;
    private final boolean hasCredentials;
    private final String userAgent;
    private int cseq;
    private String session;
    private int sessionTimeoutSeconds = RtspSessionHeader.DEFAULT_TIMEOUT_SECONDS;
    private Pending pending;
    private Set<String> publicMethods = Set.of();

    RtspRequests(Credentials credentials, String userAgent) {
        this.authenticator = new Authenticator(credentials);
        this.hasCredentials = credentials != null;
        this.userAgent = userAgent;
    }

    /**
     * The next request, now outstanding.
     *
     * @param withFreshChallenge true when it repeats a request answered 401, with the new challenge's answer
     * @param transport the Transport header of a SETUP
     */
    FullHttpRequest next(String method, String uri, boolean withFreshChallenge, String transport) {
        FullHttpRequest request = build(method, uri);
        switch (method) {
            case "DESCRIBE" -> request.headers().set(RtspHeaderNames.ACCEPT, "application/sdp");
            case "SETUP" -> request.headers().set(RtspHeaderNames.TRANSPORT, transport);
            case "PLAY" -> request.headers().set(RtspHeaderNames.RANGE, "npt=0.000-");
            default -> { }
        }
        pending = new Pending(method, uri, cseq, withFreshChallenge);
        return request;
    }

    /** The methods the server listed in its OPTIONS answer's Public header. */
    void publicMethods(Set<String> methods) {
        publicMethods = methods;
    }

    /** The keepalive request: GET_PARAMETER when the server lists it, else OPTIONS (RFC 2326 12.37). */
    String keepaliveMethod() {
        return publicMethods.contains("GET_PARAMETER") ? "GET_PARAMETER" : "OPTIONS";
    }

    /** A keepalive was refused: a camera that rejects GET_PARAMETER gets OPTIONS from then on. */
    void keepaliveRefused(String method) {
        if (method.equals("GET_PARAMETER")) {
            publicMethods = Set.of();
        }
    }

    /** TEARDOWN of the session (RFC 2326 10.7), nobody waits for its answer. */
    FullHttpRequest teardown(String uri) {
        return build("TEARDOWN", uri);
    }

    private FullHttpRequest build(String method, String uri) {
        FullHttpRequest request = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, HttpMethod.valueOf(method), uri);
        request.headers().set(RtspHeaderNames.CSEQ, ++cseq);
        request.headers().set(RtspHeaderNames.USER_AGENT, userAgent);
        if (session != null) {
            request.headers().set(RtspHeaderNames.SESSION, session);
        }
        String authorization = authenticator.authorization(method, uri);
        if (authorization != null) {
            request.headers().set(RtspHeaderNames.AUTHORIZATION, authorization);
        }
        return request;
    }

    /** The outstanding request this answer belongs to, no longer outstanding; null when we wait for no such CSeq. */
    Pending answered(int answerCseq) {
        if (pending == null || answerCseq != pending.cseq()) {
            return null;
        }
        Pending request = pending;
        pending = null;
        return request;
    }

    /** True while a request waits for its answer. */
    boolean waiting() {
        return pending != null;
    }

    /** True while the request numbered {@code requestCseq} waits for its answer. */
    boolean waitingFor(int requestCseq) {
        return pending != null && pending.cseq() == requestCseq;
    }

    /** The CSeq of the last request built. */
    int lastCseq() {
        return cseq;
    }

    /** Takes a 401's challenges; false when they cannot be answered (no credentials, no usable scheme). */
    boolean challenge(List<String> wwwAuthenticate) {
        return authenticator.challenge(wwwAuthenticate);
    }

    /** The session every later request carries, and whose timeout sets the keepalive period. */
    void session(RtspSessionHeader header) {
        this.session = header.id();
        this.sessionTimeoutSeconds = header.timeoutSeconds();
    }

    /** Keepalives go at half the session timeout (RFC 2326 12.37). */
    long keepaliveMillis() {
        return sessionTimeoutSeconds * 1000L / 2;
    }

    /** True when credentials are configured (for the detail of an AUTH_FAILED). */
    boolean hasCredentials() {
        return hasCredentials;
    }

    boolean hasSession() {
        return session != null;
    }
}
