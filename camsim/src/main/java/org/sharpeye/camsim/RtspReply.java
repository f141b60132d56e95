package org.sharpeye.camsim;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspVersions;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An RTSP response to be built when it is written, so a delayed one (the slow fault) holds no buffer. */
final class RtspReply {

    final String cseq;
    final HttpResponseStatus status;
    final Map<String, String> headers = new LinkedHashMap<>();
    String body;
    boolean closeAfter;
    Runnable afterWrite;

    RtspReply(String cseq, HttpResponseStatus status) {
        this.cseq = cseq;
        this.status = status;
    }

    FullHttpResponse toResponse() {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, status,
                Unpooled.wrappedBuffer(content));
        if (cseq != null) {
            res.headers().set(RtspHeaderNames.CSEQ, cseq);
        }
        res.headers().set("Server", "camsim");
        headers.forEach((k, v) -> res.headers().set(k, v));
        res.headers().set(RtspHeaderNames.CONTENT_LENGTH, content.length);
        return res;
    }
}
