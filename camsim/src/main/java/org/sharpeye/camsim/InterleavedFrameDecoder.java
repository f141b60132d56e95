package org.sharpeye.camsim;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Splits what a client sends on an RTSP connection into whole RTSP messages (passed on, as retained slices, to
 * Netty's RtspDecoder, which releases them) and {@code $}-framed interleaved packets (RFC 2326 10.12: RTCP receiver
 * reports), which are consumed here. Netty's RTSP codec knows nothing of interleaving. A message whose header or
 * body exceeds the limits becomes {@link #TOO_LARGE}, after which all input is discarded.
 */
final class InterleavedFrameDecoder extends ByteToMessageDecoder {

    /** Passed on instead of a message that broke the size limits; the handler answers 400 and closes. */
    static final Object TOO_LARGE = new Object() {
        @Override
        public String toString() {
            return "RTSP message too large";
        }
    };

    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private boolean discarding;

    InterleavedFrameDecoder(int maxHeaderBytes, int maxBodyBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (discarding) {
                in.skipBytes(in.readableBytes());
                return;
            }
            int start = in.readerIndex();
            if (in.getByte(start) == '$') {
                if (in.readableBytes() < 4) {
                    return;
                }
                int length = in.getUnsignedShort(start + 2);
                if (in.readableBytes() < 4 + length) {
                    return;
                }
                in.skipBytes(4 + length);
                continue;
            }
            int end = endOfHeaders(in, start, Math.min(in.readableBytes(), maxHeaderBytes));
            if (end < 0) {
                if (in.readableBytes() >= maxHeaderBytes) {
                    tooLarge(in, out);
                }
                return;
            }
            int headerLength = end - start;
            long body = contentLength(in, start, headerLength);
            if (body < 0 || body > maxBodyBytes) {
                tooLarge(in, out);
                return;
            }
            if (in.readableBytes() < headerLength + body) {
                return;
            }
            out.add(in.readRetainedSlice(headerLength + (int) body));
        }
    }

    private void tooLarge(ByteBuf in, List<Object> out) {
        discarding = true;
        in.skipBytes(in.readableBytes());
        out.add(TOO_LARGE);
    }

    /** The index just past the empty line that ends the headers (CRLF CRLF or LF LF), or -1. */
    private static int endOfHeaders(ByteBuf in, int start, int length) {
        int[] newlines = {0};
        int found = in.forEachByte(start, length, new ByteProcessor() {
            @Override
            public boolean process(byte b) {
                if (b == '\n') {
                    newlines[0]++;
                    return newlines[0] < 2;
                }
                if (b != '\r') {
                    newlines[0] = 0;
                }
                return true;
            }
        });
        return found < 0 ? -1 : found + 1;
    }

    /** The Content-Length of a header block: 0 when absent, -1 when malformed. */
    private static long contentLength(ByteBuf in, int start, int length) {
        String headers = in.toString(start, length, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int at = headers.indexOf("\ncontent-length:");
        if (at < 0) {
            return 0;
        }
        int from = at + "\ncontent-length:".length();
        int eol = headers.indexOf('\n', from);
        String value = headers.substring(from, eol < 0 ? headers.length() : eol).trim();
        if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(value);
    }
}
