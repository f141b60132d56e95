package org.sharpeye.camsim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.sharpeye.media.Codec;
import org.sharpeye.media.codec.NalUnits;
import org.sharpeye.media.codec.SeiTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One camera profile being served: its clip, its RTP packetizer and ONE timer that runs only while clients play.
 * At each tick the access unit's packets are built once and duplicates are written to every playing client; a
 * client whose channel is not writable loses packets up to the next keyframe. All state but the counters is
 * touched on the mount's event loop only.
 */
final class Mount {

    private static final Logger LOG = LoggerFactory.getLogger(Mount.class);

    final Camera camera;
    final String profile;
    final ProfileSpec spec;
    private final Codec codec;
    private final EventLoop loop;
    private final ClipSource clips;
    private final Executor clipLoader;
    private final CamSimStats stats;
    private final RtpPacketizer packetizer;
    private final long timestampBase;
    private final long frameNanos;
    private final Map<Picture, CompletableFuture<Clip>> clipFutures = new EnumMap<>(Picture.class);
    private final List<RtspSession> playing = new ArrayList<>();
    private final AtomicInteger playingCount = new AtomicInteger();
    private final AtomicLong sessionsOpened = new AtomicLong();
    private final Random garbage = new Random();

    private Clip clip;
    private Picture picture = Picture.LIVE;
    private int position;
    private long frameIndex;
    private ScheduledFuture<?> timer;
    private long timerStartNanos;
    private long ticks;
    private long stoppedAtNanos;
    private volatile long nextTimestamp;

    Mount(Camera camera, String profile, ProfileSpec spec, Codec codec, EventLoop loop, ClipSource clips,
          Executor clipLoader, CamSimStats stats) {
        this.camera = camera;
        this.profile = profile;
        this.spec = spec;
        this.codec = codec;
        this.loop = loop;
        this.clips = clips;
        this.clipLoader = clipLoader;
        this.stats = stats;
        ThreadLocalRandom r = ThreadLocalRandom.current();
        this.packetizer = new RtpPacketizer(codec, r.nextInt(), r.nextInt(0x10000));
        this.timestampBase = r.nextInt() & 0xffffffffL;
        this.nextTimestamp = timestampBase;
        this.frameNanos = TimeUnit.SECONDS.toNanos(1) / spec.format().fps();
    }

    /** The clip of a picture, encoded (once) off the event loop. */
    CompletableFuture<Clip> clip(Picture p) {
        synchronized (clipFutures) {
            return clipFutures.computeIfAbsent(p, k -> CompletableFuture.supplyAsync(
                    () -> clips.clip(camera.id(), camera.spec.id() + " " + camera.spec.name(), codec, spec.format(), k),
                    clipLoader));
        }
    }

    /** The picture the camera's faults ask for now. */
    Picture wantedPicture() {
        Fault f = camera.faultKind(profile);
        return f == null ? Picture.LIVE : f.picture();
    }

    int playingSessions() {
        return playingCount.get();
    }

    long sessionsOpened() {
        return sessionsOpened.get();
    }

    void sessionOpened() {
        sessionsOpened.incrementAndGet();
    }

    boolean active() {
        return timer != null;
    }

    int ssrc() {
        return packetizer.ssrc();
    }

    /** Approximate sequence number and RTP time of the next packet (for RTP-Info). */
    int nextSequence() {
        return packetizer.nextSequence();
    }

    long nextTimestamp() {
        return nextTimestamp;
    }

    /** Adds a client to the playing set; it receives packets from the next keyframe. */
    void play(RtspSession session) {
        loop.execute(() -> {
            if (!session.channel.isActive() || playing.contains(session)) {
                return;
            }
            session.waitingKeyframe = true;
            playing.add(session);
            playingCount.set(playing.size());
            stats.clients.incrementAndGet();
            if (timer == null) {
                clip(Picture.LIVE).whenComplete((c, e) -> loop.execute(this::startIfNeeded));
            }
        });
    }

    /** Removes a client; the timer stops with the last one. */
    void stop(RtspSession session) {
        loop.execute(() -> {
            if (playing.remove(session)) {
                playingCount.set(playing.size());
                stats.clients.decrementAndGet();
            }
            if (playing.isEmpty() && timer != null) {
                timer.cancel(false);
                timer = null;
                stoppedAtNanos = System.nanoTime();
                stats.activeMounts.decrementAndGet();
            }
        });
    }

    private void startIfNeeded() {
        if (timer != null || playing.isEmpty()) {
            return;
        }
        CompletableFuture<Clip> live = clip(Picture.LIVE);
        if (!live.isDone() || live.isCompletedExceptionally()) {
            LOG.warn("camera {} {}: no clip to play", camera.id(), profile);
            return;
        }
        if (clip == null) {
            clip = live.join();
        }
        if (stoppedAtNanos != 0) {
            // Keep RTP time in step with the wall clock across idle periods.
            frameIndex += (System.nanoTime() - stoppedAtNanos) / frameNanos;
        }
        position = 0; // Start on the clip's first access unit, a keyframe, so the first client starts at once.
        timerStartNanos = System.nanoTime();
        ticks = 0;
        stats.activeMounts.incrementAndGet();
        timer = loop.schedule(this::tick, 0, TimeUnit.NANOSECONDS);
    }

    /** One frame interval: send an access unit, then schedule the next tick at start + n * interval (no drift). */
    private void tick() {
        if (timer == null) {
            return;
        }
        try {
            switchPictureIfWanted();
            sendAccessUnit();
        } catch (RuntimeException e) {
            LOG.error("camera {} {}: tick failed", camera.id(), profile, e);
        }
        ticks++;
        long now = System.nanoTime();
        long next = timerStartNanos + ticks * frameNanos;
        if (now - next > 25 * frameNanos) {
            // More than a second behind (a long pause): skip ahead rather than burst.
            long skipped = (now - next) / frameNanos;
            ticks += skipped;
            frameIndex += skipped;
            next = timerStartNanos + ticks * frameNanos;
        }
        timer = loop.schedule(this::tick, Math.max(0, next - now), TimeUnit.NANOSECONDS);
    }

    private void switchPictureIfWanted() {
        Picture wanted = wantedPicture();
        if (wanted == picture) {
            return;
        }
        CompletableFuture<Clip> f = clip(wanted);
        if (f.isDone() && !f.isCompletedExceptionally()) {
            clip = f.join();
            picture = wanted;
            position = 0; // the new clip starts with a keyframe and its parameter sets
        }
    }

    private void sendAccessUnit() {
        Clip.AccessUnit au = clip.units().get(position);
        position = (position + 1) % clip.units().size();
        long timestamp = timestampBase + frameIndex * 90_000L / clip.fps();
        frameIndex++;
        nextTimestamp = (timestampBase + frameIndex * 90_000L / clip.fps()) & 0xffffffffL;
        Fault fault = camera.faultKind(profile);
        if (fault == Fault.STALL || fault == Fault.GONE || fault == Fault.REFUSE) {
            // Nothing goes out; when service resumes, clients start again at a keyframe.
            playing.forEach(s -> s.waitingKeyframe = true);
            return;
        }
        if (playing.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        List<ByteBuf> packets = new ArrayList<>();
        packetizer.packetize(ByteBufAllocator.DEFAULT, nalUnits(au, micros), timestamp & 0xffffffffL, packets);
        if (fault == Fault.GARBAGE_RTP) {
            for (int i = 0; i < packets.size(); i++) {
                ByteBuf real = packets.get(i);
                packets.set(i, RtpPacketizer.garbage(ByteBufAllocator.DEFAULT, real.readableBytes(), garbage));
                real.release();
            }
        }
        try {
            for (RtspSession s : playing) {
                deliver(s, packets, au.keyframe() || fault == Fault.GARBAGE_RTP);
            }
        } finally {
            for (ByteBuf p : packets) {
                p.release();
            }
        }
    }

    /** The NAL units to send: our send-time SEI first (after an access unit delimiter), parameter sets ensured. */
    private List<byte[]> nalUnits(Clip.AccessUnit au, long micros) {
        List<byte[]> in = au.nalUnits();
        List<byte[]> out = new ArrayList<>(in.size() + 4);
        int at = 0;
        if (!in.isEmpty() && isAud(in.get(0))) {
            out.add(in.get(0));
            at = 1;
        }
        out.add(SeiTimestamp.nalUnit(codec, micros));
        if (au.keyframe() && !hasSps(in)) {
            if (clip.vps() != null) {
                out.add(clip.vps());
            }
            out.add(clip.sps());
            out.add(clip.pps());
        }
        for (int i = at; i < in.size(); i++) {
            out.add(in.get(i));
        }
        return out;
    }

    private boolean isAud(byte[] nal) {
        int t = NalUnits.type(codec, nal[0]);
        return codec == Codec.H265 ? t == NalUnits.H265_AUD : t == NalUnits.H264_AUD;
    }

    private boolean hasSps(List<byte[]> nals) {
        for (byte[] n : nals) {
            int t = NalUnits.type(codec, n[0]);
            if (t == (codec == Codec.H265 ? NalUnits.H265_SPS : NalUnits.H264_SPS)) {
                return true;
            }
        }
        return false;
    }

    /** Writes duplicates of the packets to one client, or drops them when it cannot keep up. */
    private void deliver(RtspSession s, List<ByteBuf> packets, boolean keyframe) {
        Channel ch = s.channel;
        if (!s.playing || !ch.isActive()) {
            return;
        }
        if (s.waitingKeyframe && !keyframe) {
            return;
        }
        if (!ch.isWritable()) {
            // Never queue for a stuck client: it loses everything up to the next keyframe.
            s.waitingKeyframe = true;
            s.packetsDropped += packets.size();
            stats.packetsDropped.addAndGet(packets.size());
            return;
        }
        s.waitingKeyframe = false;
        List<ByteBuf> dups = new ArrayList<>(packets.size());
        long bytes = 0;
        for (ByteBuf p : packets) {
            dups.add(p.retainedDuplicate());
            bytes += 4 + p.readableBytes();
        }
        stats.packetsSent.addAndGet(packets.size());
        stats.bytesSent.addAndGet(bytes);
        int channelId = s.rtpChannel;
        Runnable write = () -> {
            for (ByteBuf d : dups) {
                // RFC 2326 10.12: '$', the channel, a 16-bit length, then the RTP packet.
                ByteBuf header = ch.alloc().buffer(4);
                header.writeByte('$').writeByte(channelId).writeShort(d.readableBytes());
                ch.write(header, ch.voidPromise());
                ch.write(d, ch.voidPromise());
            }
            ch.flush();
        };
        if (ch.eventLoop().inEventLoop()) {
            write.run();
        } else {
            try {
                ch.eventLoop().execute(write);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                dups.forEach(ByteBuf::release);
            }
        }
    }

    /** Stops the timer and drops every client; called when camsim closes. */
    void shutdown() {
        if (loop.isShuttingDown()) {
            return;
        }
        try {
            loop.submit(() -> {
                if (timer != null) {
                    timer.cancel(false);
                    timer = null;
                    stats.activeMounts.decrementAndGet();
                }
                stats.clients.addAndGet(-playing.size());
                playing.clear();
                playingCount.set(0);
            }).await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
