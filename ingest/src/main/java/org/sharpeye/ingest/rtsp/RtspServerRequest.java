package org.sharpeye.ingest.rtsp;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * A request the server sends to us on the same connection (RFC 2326 allows ANNOUNCE, GET_PARAMETER,
 * SET_PARAMETER, REDIRECT from server to client). Its body, if any, has been skipped.
 */
public record RtspServerRequest(String method, String uri, HttpHeaders headers) {
}
