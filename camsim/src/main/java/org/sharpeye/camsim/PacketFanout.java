package org.sharpeye.camsim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands one tick's access unit to a mount's playing clients: its frames are copied once into one buffer with this
 * tick's numbers, and each client gets a duplicate of it in one write and one flush. A client that cannot keep up
 * loses packets up to the next keyframe. Used from the mount's event loop only.
 */
final class PacketFanout {

    private final CamSimStats stats;
    private final Random garbage = new Random();

    PacketFanout(CamSimStats stats) {
        this.stats = stats;
    }

    /**
     * Sends one access unit, the send-time SEI inserted, numbered from {@code firstSeq}; {@code garbled} (the
     * garbage_rtp fault) replaces every RTP packet's bytes with noise and lets every client in at once.
     */
    void send(List<RtspSession> playing, ClipPackets.Unit unit, byte[] sei, int firstSeq, long timestamp, int ssrc,
              boolean garbled) {
        boolean keyframe = unit.keyframe() || garbled;
        int packets = unit.packets() + 1;
        ByteBuf wire = null;
        int wireChannel = -1;
        Map<Integer, ByteBuf> otherChannels = null;
        long sent = 0;
        long bytes = 0;
        try {
            for (RtspSession s : playing) {
                if (!admits(s, keyframe, packets)) {
                    continue;
                }
                int channel = s.rtpChannel;
                ByteBuf w;
                if (wire == null || channel == wireChannel) {
                    if (wire == null) {
                        wire = build(unit, sei, channel, firstSeq, timestamp, ssrc, garbled);
                        wireChannel = channel;
                    }
                    w = wire;
                } else {
                    // A client that asked for other interleaved channels: rare, one more copy for them.
                    if (otherChannels == null) {
                        otherChannels = new HashMap<>();
                    }
                    ByteBuf b = otherChannels.get(channel);
                    if (b == null) {
                        b = build(unit, sei, channel, firstSeq, timestamp, ssrc, garbled);
                        otherChannels.put(channel, b);
                    }
                    w = b;
                }
                sent += packets;
                bytes += w.readableBytes();
                write(s.channel, w.retainedDuplicate());
            }
        } finally {
            if (wire != null) {
                wire.release();
            }
            if (otherChannels != null) {
                otherChannels.values().forEach(ByteBuf::release);
            }
        }
        stats.packetsSent.addAndGet(sent);
        stats.bytesSent.addAndGet(bytes);
    }

    /** This tick's frames for one interleaved channel, in one buffer the caller releases. */
    private ByteBuf build(ClipPackets.Unit unit, byte[] sei, int channel, int firstSeq, long timestamp, int ssrc,
                          boolean garbled) {
        ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(ClipPackets.wireSize(unit, sei.length));
        ClipPackets.write(out, unit, sei, channel, firstSeq, timestamp, ssrc);
        if (garbled) {
            // garbage_rtp: correct '$' framing and sizes, random bytes where each RTP packet should be.
            int at = out.readerIndex();
            byte[] noise = new byte[RtpPacketizer.MAX_PAYLOAD + 64];
            while (at < out.writerIndex()) {
                int len = out.getUnsignedShort(at + 2);
                garbage.nextBytes(noise);
                out.setBytes(at + ClipPackets.INTERLEAVED_HEADER, noise, 0, len);
                at += ClipPackets.INTERLEAVED_HEADER + len;
            }
        }
        return out;
    }

    /** Whether a client gets this tick's packets; one that cannot keep up loses them up to the next keyframe. */
    private boolean admits(RtspSession s, boolean keyframe, int packets) {
        Channel ch = s.channel;
        if (!s.playing || !ch.isActive()) {
            return false;
        }
        if (s.waitingKeyframe && !keyframe) {
            return false;
        }
        if (!ch.isWritable()) {
            // Never queue for a stuck client: it loses everything up to the next keyframe.
            s.waitingKeyframe = true;
            s.packetsDropped += packets;
            stats.packetsDropped.addAndGet(packets);
            return false;
        }
        s.waitingKeyframe = false;
        return true;
    }

    /**
     * One write and one flush per client and tick; the buffer is released by Netty once written (or dropped).
     * The frames are finished bytes, so they enter the pipeline below its first handler: the RTSP encoder would
     * only inspect and pass them on, which was the largest cost of the tick in a profile at 1,000 streams.
     */
    private static void write(Channel ch, ByteBuf frames) {
        if (ch.eventLoop().inEventLoop()) {
            writeBelowHandlers(ch, frames);
            return;
        }
        try {
            ch.eventLoop().execute(() -> writeBelowHandlers(ch, frames));
        } catch (RejectedExecutionException e) {
            frames.release();
        }
    }

    private static void writeBelowHandlers(Channel ch, ByteBuf frames) {
        ChannelHandlerContext first = ch.pipeline().firstContext();
        if (first == null) {
            frames.release(); // the channel is closed and its handlers removed
            return;
        }
        // ctx.write goes to the handlers before ctx: from the first context, straight to the socket.
        first.writeAndFlush(frames, first.voidPromise());
    }
}
