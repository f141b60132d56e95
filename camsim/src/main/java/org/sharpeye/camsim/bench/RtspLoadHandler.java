package org.sharpeye.camsim.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Plays one RTSP stream over TCP and counts what arrives: DESCRIBE, SETUP with interleaved transport, PLAY
 * (RFC 2326 sections 10.2, 10.4, 10.5), then every {@code $}-framed block (RFC 2326 section 10.12) is counted
 * and skipped without decoding. Keeps the session alive with OPTIONS.
 *
 * <p>Buffers: every inbound {@link ByteBuf} is released by {@link #channelRead} once parsed; the only buffer
 * kept is the response being read, owned by this handler and released in {@link #handlerRemoved}. The counters
 * are written by the channel's event loop only and read by anyone.
 */
final class RtspLoadHandler extends ChannelInboundHandlerAdapter {

    /** Longest response head and body accepted; more is not an RTSP server talking. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final long KEEPALIVE_SECONDS = 20;

    private final URI url;
    private final String userAgent;
    private volatile long bytes;
    private volatile long frames;
    private volatile StreamCount.State state = StreamCount.State.CONNECTING;
    private volatile String error;

    // Parser state, event loop only.
    private ByteBuf response;
    private RtspResponse head;
    private int blockHeaderHave;
    private int blockLength;
    private int blockRemaining;
    private int cseq;
    private String base;
    private String session;
    private ScheduledFuture<?> keepalive;

    RtspLoadHandler(URI url, String userAgent) {
        this.url = url;
        this.userAgent = userAgent;
        this.base = url.toString();
    }

    /** What the stream received so far. */
    StreamCount count() {
        return new StreamCount(url, bytes, frames, state, error);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        response = ctx.alloc().heapBuffer(1024, MAX_RESPONSE_BYTES);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (response != null) {
            response.release();
            response = null;
        }
        if (keepalive != null) {
            keepalive.cancel(false);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        state = StreamCount.State.DESCRIBE;
        send(ctx, "DESCRIBE", url.toString(), "Accept: application/sdp\r\n");
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state != StreamCount.State.FAILED && state != StreamCount.State.CLOSED) {
            fail(ctx, "the server closed the connection in state " + state);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    /** Records that the TCP connection could not be made. */
    void connectFailed(Throwable cause) {
        if (state == StreamCount.State.CONNECTING) {
            error = "connect: " + cause.getMessage();
            state = StreamCount.State.FAILED;
        }
    }

    /** Marks the stream as stopped on purpose, before its channel is closed, so the close is not an error. */
    void markClosed() {
        if (state != StreamCount.State.FAILED) {
            state = StreamCount.State.CLOSED;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            while (in.isReadable() && state != StreamCount.State.FAILED) {
                if (blockRemaining > 0) {
                    skipBlock(in);
                } else if (blockHeaderHave > 0 || (head == null && response.writerIndex() == 0
                        && in.getByte(in.readerIndex()) == '$')) {
                    readBlockHeader(in);
                } else {
                    readResponse(ctx, in);
                }
            }
        } finally {
            in.release();
        }
    }

    private void skipBlock(ByteBuf in) {
        int n = Math.min(blockRemaining, in.readableBytes());
        in.skipBytes(n);
        blockRemaining -= n;
        bytes += n;
        if (blockRemaining == 0) {
            frames++;
        }
    }

    /** The 4-byte header {@code '$' channel length(16)} may be split between reads. */
    private void readBlockHeader(ByteBuf in) {
        while (blockHeaderHave < 4 && in.isReadable()) {
            int b = in.readUnsignedByte();
            if (blockHeaderHave == 2) {
                blockLength = b << 8;
            } else if (blockHeaderHave == 3) {
                blockLength |= b;
            }
            blockHeaderHave++;
        }
        if (blockHeaderHave == 4) {
            blockHeaderHave = 0;
            blockRemaining = blockLength;
            if (blockLength == 0) {
                frames++;
            }
        }
    }

    private void readResponse(ChannelHandlerContext ctx, ByteBuf in) {
        if (head == null) {
            // Byte by byte up to the blank line: responses are a few hundred bytes, and what follows may be '$' data.
            while (in.isReadable() && head == null) {
                if (!response.isWritable()) {
                    fail(ctx, "response head longer than " + MAX_RESPONSE_BYTES + " bytes");
                    return;
                }
                response.writeByte(in.readByte());
                int w = response.writerIndex();
                if (w >= 4 && response.getInt(w - 4) == 0x0D0A0D0A) {
                    head = RtspResponse.parseHead(response.toString(0, w - 4, StandardCharsets.UTF_8));
                    response.clear();
                    if (head.contentLength() < 0 || head.contentLength() > MAX_RESPONSE_BYTES) {
                        fail(ctx, "bad Content-Length " + head.headers().get("Content-Length"));
                        return;
                    }
                }
            }
            if (head == null) {
                return;
            }
        }
        int need = head.contentLength() - response.writerIndex();
        int n = Math.min(need, in.readableBytes());
        response.writeBytes(in, n);
        if (response.writerIndex() < head.contentLength()) {
            return;
        }
        byte[] body = new byte[response.writerIndex()];
        response.getBytes(0, body);
        response.clear();
        RtspResponse complete = head.withBody(body);
        head = null;
        onResponse(ctx, complete);
    }

    private void onResponse(ChannelHandlerContext ctx, RtspResponse r) {
        if (state == StreamCount.State.PLAYING) {
            return; // keep-alive answers and anything the server volunteers
        }
        if (r.status() != 200) {
            fail(ctx, state + " answered " + (r.status() < 0 ? "with no RTSP status line" : r.status()));
            return;
        }
        switch (state) {
            case DESCRIBE -> {
                String contentBase = r.headers().get("Content-Base");
                if (contentBase != null && !contentBase.isBlank()) {
                    base = contentBase.strip();
                }
                String control = r.videoControl(base);
                if (control == null) {
                    fail(ctx, "the SDP has no video media");
                    return;
                }
                state = StreamCount.State.SETUP;
                send(ctx, "SETUP", control, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n");
            }
            case SETUP -> {
                session = r.session();
                if (session == null) {
                    fail(ctx, "SETUP answered without a Session");
                    return;
                }
                state = StreamCount.State.PLAY;
                send(ctx, "PLAY", base, "Range: npt=0.000-\r\n");
            }
            case PLAY -> {
                state = StreamCount.State.PLAYING;
                // RFC 2326 section 12.37: the session times out (60 s by default) unless the client sends requests.
                keepalive = ctx.executor().scheduleAtFixedRate(() -> send(ctx, "OPTIONS", base, ""),
                        KEEPALIVE_SECONDS, KEEPALIVE_SECONDS, TimeUnit.SECONDS);
            }
            default -> fail(ctx, "unexpected response in state " + state);
        }
    }

    private void send(ChannelHandlerContext ctx, String method, String target, String headers) {
        StringBuilder req = new StringBuilder(256)
                .append(method).append(' ').append(target).append(" RTSP/1.0\r\n")
                .append("CSeq: ").append(++cseq).append("\r\n")
                .append("User-Agent: ").append(userAgent).append("\r\n");
        if (session != null) {
            req.append("Session: ").append(session).append("\r\n");
        }
        req.append(headers).append("\r\n");
        ctx.writeAndFlush(ctx.alloc().buffer(req.length()).writeBytes(req.toString().getBytes(StandardCharsets.UTF_8)))
                .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    private void fail(ChannelHandlerContext ctx, String why) {
        if (state == StreamCount.State.FAILED || state == StreamCount.State.CLOSED) {
            return;
        }
        error = why;
        state = StreamCount.State.FAILED;
        ctx.close();
    }
}
