package org.sharpeye.ingest;

import org.sharpeye.ingest.ffmpeg.FfmpegClient;
import org.sharpeye.ingest.ffmpeg.FfmpegFailure;
import org.sharpeye.ingest.ffmpeg.FfmpegListener;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Frame;
import org.sharpeye.media.rtp.DepacketizerOutcome;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One session of an {@link FfmpegSource}: an {@link FfmpegClient} reading on a worker thread. Frames are published
 * from that thread (the stream and its timeline are thread-safe); everything that touches the source's state
 * (status, backoff, failure) is handed to the source's event loop.
 */
final class FfmpegSession extends SourceSession implements FfmpegListener {

    private final FfmpegSource source;
    private final Executor workers;
    private final StreamTimeline.Session timeline;
    private final PacketErrors errors;
    private final FfmpegClient client;
    private volatile boolean closed;
    private boolean delivered;

    FfmpegSession(FfmpegSource source, Executor workers) {
        this.source = source;
        this.workers = workers;
        this.timeline = source.timeline.newSession();
        this.errors = new PacketErrors(source.spec.path());
        this.client = new FfmpegClient(source.spec.uri(), source.spec.username(), source.spec.password(),
                source.options.connectTimeout().plus(source.options.responseTimeout()), source.options.stallGap(),
                this);
    }

    @Override
    void start() {
        try {
            workers.execute(() -> {
                try {
                    client.run();
                } finally {
                    markEnded();
                }
            });
        } catch (RejectedExecutionException e) { // the engine is closing
            closed = true;
            markEnded();
        }
    }

    @Override
    void close() {
        closed = true;
        client.stop();
    }

    @Override
    public void playing(String description) {
        onLoop(() -> source.playing(this, description));
    }

    @Override
    public void playingAudio(AudioTrack audio) {
        if (!closed) {
            // on the worker, before the first frame: a viewer of a cold camera lists the audio in its header
            source.stream.announceAudio(audio);
        }
    }

    @Override
    public void frame(Frame frame) {
        if (closed) {
            frame.release();
            return;
        }
        if (!frame.isVideo()) {
            timeline.publish(frame); // on the input's clock, shifted with the video; the watchdogs follow the video
            return;
        }
        timeline.publish(frame);
        errors.frame();
        markFrame();
        if (!delivered) {
            delivered = true;
            onLoop(source::delivered);
        }
    }

    @Override
    public void badPacket(String detail) {
        String fatal = errors.error(DepacketizerOutcome.MALFORMED, detail);
        if (fatal != null && !closed) {
            client.stop();
            fail(FailureReason.PROTOCOL_ERROR, fatal);
        }
    }

    @Override
    public void failed(FfmpegFailure failure) {
        fail(failure.reason(), failure.detail());
    }

    private void fail(FailureReason reason, String detail) {
        onLoop(() -> source.sessionFailed(this, reason, detail));
    }

    private void onLoop(Runnable task) {
        if (!closed) {
            source.loop.execute(source.guard(() -> {
                if (source.current(this)) {
                    task.run();
                }
            }));
        }
    }
}
