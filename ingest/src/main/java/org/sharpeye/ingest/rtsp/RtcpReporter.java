package org.sharpeye.ingest.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.sharpeye.media.rtp.RtpPacket;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Receiver reports for one RTP stream (RFC 3550 6.4.2), sent with OUR OWN random SSRC: a camera that sees its own
 * SSRC come back (an echo of the sender's) takes it for a collision (RFC 3550 8.2) and changes SSRC, which breaks
 * the stream for every client. Keeps the reception statistics of RFC 3550 A.1/A.3 (extended highest sequence,
 * cumulative and interval loss) and A.8 (interarrival jitter), and the last sender report for LSR/DLSR.
 * Not thread-safe: the connection's event loop.
 */
public final class RtcpReporter {

    /** RFC 3550 6.2: the minimum interval between reports. */
    public static final long INTERVAL_MILLIS = 5000;
    private static final int RR = 201;
    private static final int SDES = 202;
    private static final int SR = 200;

    private final long ssrc;
    private final byte[] cname;
    private final int clockRate;

    private boolean started;
    private long mediaSsrc;
    private int baseSequence;
    private int maxSequence;
    private int cycles;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private long transit = Long.MIN_VALUE;
    private double jitter;
    private long lastSenderReport;
    private long lastSenderReportNanos;

    /** @param clockRate the media's RTP clock, for the jitter in its units */
    public RtcpReporter(int clockRate) {
        long ours;
        do {
            ours = ThreadLocalRandom.current().nextLong(1, 1L << 32);
        } while (ours == 0);
        this.ssrc = ours;
        this.cname = ("sharpeye-" + Long.toHexString(ours)).getBytes(StandardCharsets.US_ASCII);
        this.clockRate = clockRate;
    }

    /** Our SSRC, chosen at random; never the camera's. */
    public long ssrc() {
        return ssrc;
    }

    public long mediaSsrc() {
        return mediaSsrc;
    }

    /** Accounts one received RTP packet. */
    public void received(RtpPacket packet, long arrivalNanos) {
        int sequence = packet.sequence();
        if (!started || packet.ssrc() != mediaSsrc) {
            started = true;
            mediaSsrc = packet.ssrc();
            if (mediaSsrc == ssrc) {
                throw new IllegalStateException("our SSRC collided with the camera's"); // 2^-32; the caller resets
            }
            baseSequence = sequence;
            maxSequence = sequence;
            cycles = 0;
            received = 0;
            expectedPrior = 0;
            receivedPrior = 0;
            transit = Long.MIN_VALUE;
            jitter = 0;
        }
        int delta = (sequence - maxSequence) & 0xffff;
        if (delta > 0 && delta < 0x8000) {
            if (sequence < maxSequence) {
                cycles += 1 << 16; // wrapped
            }
            maxSequence = sequence;
        }
        received++;
        long arrival = TimeUnit.NANOSECONDS.toMicros(arrivalNanos) * clockRate / 1_000_000;
        long t = arrival - packet.timestamp();
        if (transit != Long.MIN_VALUE) {
            long d = Math.abs((int) (t - transit)); // 32-bit RTP arithmetic
            jitter += (d - jitter) / 16; // RFC 3550 A.8
        }
        transit = t;
    }

    /** Reads an RTCP compound packet from the camera; a sender report gives LSR (RFC 3550 6.4.1). */
    public void rtcp(ByteBuf buf, long arrivalNanos) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        while (end - i >= 8) {
            int first = buf.getUnsignedByte(i);
            int type = buf.getUnsignedByte(i + 1);
            int length = (buf.getUnsignedShort(i + 2) + 1) * 4;
            if (first >> 6 != 2 || length > end - i) {
                return; // not RTCP version 2, or truncated: ignore the rest
            }
            if (type == SR && length >= 28) {
                long ntpSeconds = buf.getUnsignedInt(i + 8);
                long ntpFraction = buf.getUnsignedInt(i + 12);
                lastSenderReport = (ntpSeconds & 0xffff) << 16 | ntpFraction >>> 16;
                lastSenderReportNanos = arrivalNanos;
            }
            i += length;
        }
    }

    /** True once RTP arrived, so that a report has a source to describe. */
    public boolean hasSource() {
        return started;
    }

    /**
     * A compound RR + SDES(CNAME) packet (RFC 3550 6.1: every compound packet starts with a report and carries
     * a CNAME). The caller owns the buffer.
     */
    public ByteBuf report(ByteBufAllocator alloc, long nowNanos) {
        long extendedMax = cycles + maxSequence;
        long expected = extendedMax - baseSequence + 1;
        long lost = Math.max(-(1 << 23), Math.min((1 << 23) - 1, expected - received));
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long dlsr = lastSenderReportNanos == 0 ? 0
                : TimeUnit.NANOSECONDS.toMicros(nowNanos - lastSenderReportNanos) * 65536 / 1_000_000;

        int sdesItems = 2 + cname.length + 1; // CNAME item, then the END item
        int sdesChunk = 4 + ((sdesItems + 3) & ~3);
        ByteBuf out = alloc.buffer(32 + 4 + sdesChunk);
        out.writeByte(0x81); // V=2, P=0, RC=1
        out.writeByte(RR);
        out.writeShort(7); // 32 bytes / 4 - 1
        out.writeInt((int) ssrc);
        out.writeInt((int) mediaSsrc);
        out.writeByte(Math.min(255, fraction));
        out.writeMedium((int) (lost & 0xffffff));
        out.writeInt((int) extendedMax);
        out.writeInt((int) jitter);
        out.writeInt((int) lastSenderReport);
        out.writeInt((int) Math.min(0xffffffffL, dlsr));
        out.writeByte(0x81); // V=2, SC=1
        out.writeByte(SDES);
        out.writeShort(sdesChunk / 4);
        out.writeInt((int) ssrc);
        out.writeByte(1); // CNAME
        out.writeByte(cname.length);
        out.writeBytes(cname);
        int padding = sdesChunk - 4 - 2 - cname.length;
        out.writeZero(padding); // END item and padding to 32 bits
        return out;
    }
}
