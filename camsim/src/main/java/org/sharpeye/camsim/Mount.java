package org.sharpeye.camsim;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.sharpeye.media.Codec;
import org.sharpeye.media.codec.SeiTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One camera profile being served: its clip, its RTP numbering and ONE timer that runs only while clients play.
 * Until the camera's own clip is encoded the mount plays the shared clip of its codec and format, and it moves to
 * its own at a loop boundary (a keyframe; both have the same parameter sets, so the SDP stays valid and RTP time
 * and sequence numbers run on). At each tick the access unit's prebuilt packets are copied once into one buffer
 * with this tick's numbers, and every playing client gets a duplicate of it in one write and one flush; a client
 * whose channel is not writable loses packets up to the next keyframe. All state but the counters is touched on
 * the mount's event loop only. When its timer starts, the mount moves to the event loop of its first client's
 * connection, so that client's writes need no hand-over between threads (a task and a wake-up per tick); a task
 * that finds the mount moved follows it.
 */
final class Mount {

    private static final Logger LOG = LoggerFactory.getLogger(Mount.class);

    final Camera camera;
    final String profile;
    final ProfileSpec spec;
    private final Codec codec;
    /** The event loop owning the mount's state; changes only while no timer runs, from the old loop itself. */
    private volatile EventLoop loop;
    private final Runnable tickTask = this::tick;
    private final FleetClips clips;
    private final CamSimStats stats;
    private final int ssrc;
    private final long timestampBase;
    private final long frameNanos;
    private final List<RtspSession> playing = new ArrayList<>();
    private final AtomicInteger playingCount = new AtomicInteger();
    private final AtomicLong sessionsOpened = new AtomicLong();
    private final AtomicLong framesSkipped = new AtomicLong();
    private final AtomicLong ticksLate = new AtomicLong();
    private final AtomicLong ownClipSwitches = new AtomicLong();
    private final PacketFanout fanout;
    /** The camera's own live clip while the mount is in use; null when idle. Guarded by {@code this}. */
    private CompletableFuture<ClipPackets> own;

    private ClipPackets clip;
    private Picture picture = Picture.LIVE;
    private int position;
    private long frameIndex;
    private ScheduledFuture<?> timer;
    private long timerStartNanos;
    private long ticks;
    private long stoppedAtNanos;
    private volatile int sequence;
    private volatile long nextTimestamp;
    private volatile boolean playingOwn;

    Mount(Camera camera, String profile, ProfileSpec spec, Codec codec, EventLoop loop, FleetClips clips,
          CamSimStats stats) {
        this.camera = camera;
        this.profile = profile;
        this.spec = spec;
        this.codec = codec;
        this.loop = loop;
        this.clips = clips;
        this.stats = stats;
        this.fanout = new PacketFanout(stats);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        this.ssrc = r.nextInt();
        this.sequence = r.nextInt(0x10000);
        this.timestampBase = r.nextInt() & 0xffffffffL;
        this.nextTimestamp = timestampBase;
        this.frameNanos = TimeUnit.SECONDS.toNanos(1) / spec.format().fps();
    }

    /**
     * The clip a DESCRIBE describes: the shared clip of the picture shown now (its parameter sets are the own
     * clip's too). The camera's own clip is encoded at PLAY, not here: SharpEye's prober sends DESCRIBE to every
     * idle camera every minute, and a fleet must not encode a clip for each probe.
     */
    CompletableFuture<ClipPackets> describeClip() {
        return clips.shared(codec, spec.format(), wantedPicture());
    }

    /** Starts preparing what a picture needs (the own clip too for LIVE); completes when all of it is ready. */
    CompletableFuture<Void> prepare(Picture p) {
        CompletableFuture<ClipPackets> shared = clips.shared(codec, spec.format(), p);
        return p == Picture.LIVE ? CompletableFuture.allOf(shared, ownClip()) : shared.thenApply(c -> null);
    }

    /** The camera's own live clip, asked for once per period of use. */
    private synchronized CompletableFuture<ClipPackets> ownClip() {
        if (own == null) {
            own = clips.own(camera.id(), camera.spec.id() + " " + camera.spec.name(), codec, spec.format(),
                    Picture.LIVE);
        }
        return own;
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

    /** Frames never sent because the timer fell more than a second behind and skipped ahead. */
    long framesSkipped() {
        return framesSkipped.get();
    }

    /** Ticks that fired more than one frame interval after their time. */
    long ticksLate() {
        return ticksLate.get();
    }

    /** Times the mount moved from the shared clip to the camera's own. */
    long ownClipSwitches() {
        return ownClipSwitches.get();
    }

    /** True while the camera's own clip is on the air. */
    boolean playingOwnClip() {
        return playingOwn;
    }

    boolean active() {
        return timer != null;
    }

    int ssrc() {
        return ssrc;
    }

    /** Approximate sequence number and RTP time of the next packet (for RTP-Info). */
    int nextSequence() {
        return sequence;
    }

    long nextTimestamp() {
        return nextTimestamp;
    }

    /** Adds a client to the playing set; it receives packets from the next keyframe. */
    void play(RtspSession session) {
        ownClip();
        onLoop(() -> {
            if (!session.channel.isActive() || playing.contains(session)) {
                return;
            }
            session.waitingKeyframe = true;
            playing.add(session);
            playingCount.set(playing.size());
            stats.clients.incrementAndGet();
            if (timer == null) {
                startWhenReady();
            }
        });
    }

    private void startWhenReady() {
        clips.shared(codec, spec.format(), wantedPicture()).whenComplete((c, e) -> {
            if (e != null) {
                LOG.warn("camera {} {}: no clip to play", camera.id(), profile, e);
            } else {
                onLoop(this::startIfNeeded);
            }
        });
    }

    /** Removes a client; the timer stops with the last one, and the own clip is let go (the cache may keep it). */
    void stop(RtspSession session) {
        onLoop(() -> {
            if (playing.remove(session)) {
                playingCount.set(playing.size());
                stats.clients.decrementAndGet();
            }
            if (playing.isEmpty() && timer != null) {
                timer.cancel(false);
                timer = null;
                stoppedAtNanos = System.nanoTime();
                stats.activeMounts.decrementAndGet();
                clip = null;
                playingOwn = false;
                synchronized (this) {
                    own = null;
                }
            }
        });
    }

    /** Runs a task on the mount's event loop, now if called there; a task that finds the mount moved follows it. */
    private void onLoop(Runnable task) {
        EventLoop l = loop;
        if (l.inEventLoop()) {
            task.run();
            return;
        }
        try {
            l.execute(() -> onLoop(task));
        } catch (RejectedExecutionException e) {
            // camsim is closing
        }
    }

    private void startIfNeeded() {
        if (timer != null || playing.isEmpty()) {
            return;
        }
        EventLoop home = playing.get(0).channel.eventLoop();
        if (home != loop && !home.isShuttingDown()) {
            loop = home; // from here on, tasks sent to the old loop follow the mount
            onLoop(this::startIfNeeded);
            return;
        }
        Picture wanted = wantedPicture();
        ClipPackets ready = ready(wanted);
        if (ready == null) {
            startWhenReady(); // the fault changed meanwhile: wait for that picture's clip
            return;
        }
        clip = ready;
        picture = wanted;
        playingOwn = ready == readyOwn();
        if (stoppedAtNanos != 0) {
            // Keep RTP time in step with the wall clock across idle periods.
            frameIndex += (System.nanoTime() - stoppedAtNanos) / frameNanos;
        }
        position = 0; // Start on the clip's first access unit, a keyframe, so the first client starts at once.
        timerStartNanos = System.nanoTime();
        ticks = 0;
        stats.activeMounts.incrementAndGet();
        timer = loop.schedule(tickTask, 0, TimeUnit.NANOSECONDS);
    }

    /** The best clip ready now for a picture: the own one for LIVE, else the shared one; null if none is. */
    private ClipPackets ready(Picture p) {
        if (p == Picture.LIVE) {
            ClipPackets mine = readyOwn();
            if (mine != null) {
                return mine;
            }
        }
        CompletableFuture<ClipPackets> f = clips.shared(codec, spec.format(), p);
        return f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    }

    private ClipPackets readyOwn() {
        CompletableFuture<ClipPackets> f;
        synchronized (this) {
            f = own;
        }
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    }

    /** One frame interval: send an access unit, then schedule the next tick at start + n * interval (no drift). */
    private void tick() {
        if (timer == null) {
            return;
        }
        if (System.nanoTime() - (timerStartNanos + ticks * frameNanos) > frameNanos) {
            ticksLate.incrementAndGet();
            stats.ticksLate.incrementAndGet();
        }
        try {
            Fault fault = camera.faultKind(profile);
            chooseClip(fault == null ? Picture.LIVE : fault.picture());
            sendAccessUnit(fault);
        } catch (RuntimeException e) {
            LOG.error("camera {} {}: tick failed", camera.id(), profile, e);
        }
        ticks++;
        long now = System.nanoTime();
        long next = timerStartNanos + ticks * frameNanos;
        if (now - next > 25 * frameNanos) {
            // More than a second behind (a long pause): skip ahead rather than burst, and say so.
            long skipped = (now - next) / frameNanos;
            ticks += skipped;
            frameIndex += skipped;
            framesSkipped.addAndGet(skipped);
            stats.framesSkipped.addAndGet(skipped);
            next = timerStartNanos + ticks * frameNanos;
        }
        timer = loop.schedule(tickTask, Math.max(0, next - now), TimeUnit.NANOSECONDS);
    }

    /**
     * A fault's picture takes over at once (its clip starts with a keyframe and in-band parameter sets); the own
     * live clip replaces the shared one at the loop boundary, so the picture's clock and bar do not jump.
     */
    private void chooseClip(Picture wanted) {
        if (wanted != picture) {
            ClipPackets next = ready(wanted);
            if (next != null) {
                clip = next;
                picture = wanted;
                position = 0;
                playingOwn = wanted == Picture.LIVE && next == readyOwn();
            }
            return;
        }
        if (position == 0 && picture == Picture.LIVE && !playingOwn) {
            ClipPackets mine = readyOwn();
            if (mine != null) {
                playingOwn = true;
                if (mine != clip) {
                    clip = mine;
                    ownClipSwitches.incrementAndGet();
                }
            }
        }
    }

    private void sendAccessUnit(Fault fault) {
        ClipPackets.Unit unit = clip.units().get(position);
        position = (position + 1) % clip.units().size();
        long timestamp = (timestampBase + frameIndex * 90_000L / clip.fps()) & 0xffffffffL;
        frameIndex++;
        nextTimestamp = (timestampBase + frameIndex * 90_000L / clip.fps()) & 0xffffffffL;
        if (fault == Fault.STALL || fault == Fault.GONE || fault == Fault.REFUSE) {
            // Nothing goes out; when service resumes, clients start again at a keyframe.
            playing.forEach(s -> s.waitingKeyframe = true);
            return;
        }
        if (playing.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        byte[] sei = SeiTimestamp.nalUnit(codec, now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000);
        int firstSeq = sequence;
        sequence = (firstSeq + unit.packets() + 1) & 0xffff;
        fanout.send(playing, unit, sei, firstSeq, timestamp, ssrc, fault == Fault.GARBAGE_RTP);
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
                clip = null;
                playingCount.set(0);
            }).await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
