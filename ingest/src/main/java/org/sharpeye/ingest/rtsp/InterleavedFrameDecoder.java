package org.sharpeye.ingest.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits the byte stream of an RTSP connection into {@link RtspResponse}s, {@link RtspServerRequest}s and
 * {@link InterleavedPacket}s. Netty's RtspDecoder cannot do this: with TCP transport (RFC 2326 section 10.12) the
 * server interleaves {@code $}-framed RTP between text messages on the same connection.
 *
 * <p>Bounded: a header block over {@code maxHeaderBytes}, a body over {@code maxBodyBytes} or an interleaved
 * packet over {@code maxPacketBytes} is an error. After an error the framing of the stream is lost for good: the
 * decoder raises one {@link TooLongFrameException} or {@link CorruptedFrameException} and discards everything
 * that follows. Packets go to the {@link InterleavedSink} when there is one, read in place in the cumulation; else
 * they are {@link InterleavedPacket}s holding retained slices of it, which the next handler releases.
 */
public final class InterleavedFrameDecoder extends ByteToMessageDecoder {

    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_PACKET_BYTES = 65535;

    private static final byte DOLLAR = '$';

    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private final int maxPacketBytes;
    private final InterleavedSink sink;
    private boolean failed;
    private int headerTextEnd;

    /** Packets as {@link InterleavedPacket} messages; the default limits. */
    public InterleavedFrameDecoder() {
        this(DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_PACKET_BYTES);
    }

    /** Packets to {@code sink}, read in place; the default limits. */
    public InterleavedFrameDecoder(InterleavedSink sink) {
        this(DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_PACKET_BYTES, sink);
    }

    public InterleavedFrameDecoder(int maxHeaderBytes, int maxBodyBytes, int maxPacketBytes) {
        this(maxHeaderBytes, maxBodyBytes, maxPacketBytes, null);
    }

    /** @param sink where packets go, read in place; null to pass them on as {@link InterleavedPacket}s */
    public InterleavedFrameDecoder(int maxHeaderBytes, int maxBodyBytes, int maxPacketBytes, InterleavedSink sink) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.maxPacketBytes = maxPacketBytes;
        this.sink = sink;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeOne(in, out);
        } catch (TooLongFrameException | CorruptedFrameException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    /**
     * Decodes what {@code in} holds up to the next message: every whole packet for the sink, then one message (or
     * one packet without a sink) into {@code out}.
     */
    private void decodeOne(ByteBuf in, List<Object> out) throws Exception {
        while (true) {
            // Some servers end a body or message with stray line ends; they separate nothing.
            while (in.isReadable() && (in.getByte(in.readerIndex()) == '\r' || in.getByte(in.readerIndex()) == '\n')) {
                in.skipBytes(1);
            }
            if (!in.isReadable()) {
                return;
            }
            if (in.getByte(in.readerIndex()) != DOLLAR) {
                decodeMessage(in, out);
                return;
            }
            if (!decodePacket(in, out) || sink == null) {
                return;
            }
        }
    }

    /** One packet to the sink or into {@code out}; false when it has not fully arrived. */
    private boolean decodePacket(ByteBuf in, List<Object> out) throws TooLongFrameException {
        int readable = in.readableBytes();
        if (readable < 4) {
            return false;
        }
        int at = in.readerIndex();
        int channel = in.getUnsignedByte(at + 1);
        int length = in.getUnsignedShort(at + 2);
        if (length > maxPacketBytes) {
            throw new TooLongFrameException("interleaved packet of " + length + " bytes, limit " + maxPacketBytes);
        }
        if (readable < 4 + length) {
            return false;
        }
        if (sink == null) {
            in.skipBytes(4);
            out.add(new InterleavedPacket(channel, in.readRetainedSlice(length)));
            return true;
        }
        int end = at + 4 + length;
        int writerIndex = in.writerIndex();
        in.setIndex(at + 4, end);
        try {
            sink.packet(channel, in);
        } finally {
            in.setIndex(end, writerIndex);
        }
        return true;
    }

    private void decodeMessage(ByteBuf in, List<Object> out) throws Exception {
        int from = in.readerIndex();
        int bodyStart = findBodyStart(in);
        if (bodyStart < 0) {
            if (in.readableBytes() > maxHeaderBytes) {
                throw new TooLongFrameException("RTSP header over " + maxHeaderBytes + " bytes");
            }
            return;
        }
        String head = in.toString(from, headerTextEnd - from, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r?\n");
        String[] start = lines[0].trim().split(" ", 3);
        HttpHeaders headers = parseHeaders(lines);
        int bodyLength = contentLength(headers);
        if (bodyLength > maxBodyBytes) {
            throw new TooLongFrameException("RTSP body of " + bodyLength + " bytes, limit " + maxBodyBytes);
        }
        if (in.writerIndex() - bodyStart < bodyLength) {
            return;
        }
        in.readerIndex(bodyStart);
        byte[] body = new byte[bodyLength];
        in.readBytes(body);
        if (start[0].startsWith("RTSP/")) {
            if (start.length < 2) {
                throw new CorruptedFrameException("RTSP status line without a status: " + printable(lines[0]));
            }
            int status;
            try {
                status = Integer.parseInt(start[1]);
            } catch (NumberFormatException e) {
                throw new CorruptedFrameException("RTSP status is not a number: " + printable(lines[0]));
            }
            if (status < 100 || status > 999) {
                throw new CorruptedFrameException("RTSP status out of range: " + status);
            }
            out.add(new RtspResponse(status, start.length > 2 ? start[2] : "", headers, body));
        } else if (start.length == 3 && start[2].startsWith("RTSP/") && isToken(start[0])) {
            out.add(new RtspServerRequest(start[0], start[1], headers));
        } else {
            throw new CorruptedFrameException("not an RTSP message: " + printable(lines[0]));
        }
    }

    /**
     * Finds the blank line that ends the header block ("\r\n\r\n", or bare "\n" line ends from sloppy servers)
     * within the header limit. Returns the index after it and sets {@link #headerTextEnd}; -1 when not there yet.
     */
    private int findBodyStart(ByteBuf in) {
        int from = in.readerIndex();
        int to = Math.min(in.writerIndex(), from + maxHeaderBytes + 4);
        for (int i = from; i < to; i++) {
            if (in.getByte(i) == '\n') {
                int j = i + 1;
                if (j < to && in.getByte(j) == '\r') {
                    j++;
                }
                if (j < to && in.getByte(j) == '\n') {
                    headerTextEnd = i;
                    return j + 1;
                }
            }
        }
        return -1;
    }

    private static HttpHeaders parseHeaders(String[] lines) throws CorruptedFrameException {
        HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
        String name = null;
        StringBuilder value = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.trim()); // folded continuation line
                continue;
            }
            if (name != null) {
                headers.add(name, value.toString());
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new CorruptedFrameException("malformed RTSP header line: " + printable(line));
            }
            name = line.substring(0, colon).trim();
            value = new StringBuilder(line.substring(colon + 1).trim());
        }
        if (name != null) {
            headers.add(name, value.toString());
        }
        return headers;
    }

    private static int contentLength(HttpHeaders headers) throws CorruptedFrameException {
        String value = headers.get("Content-Length");
        if (value == null) {
            return 0;
        }
        try {
            int length = Integer.parseInt(value.trim());
            if (length < 0) {
                throw new CorruptedFrameException("negative Content-Length");
            }
            return length;
        } catch (NumberFormatException e) {
            throw new CorruptedFrameException("Content-Length is not a number: " + printable(value));
        }
    }

    private static boolean isToken(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c == '_' || c == '-');
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
