package org.sharpeye.ingest.ffmpeg;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.sharpeye.ingest.FailureReason;
import org.sharpeye.ingest.rtsp.Redaction;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Frame;
import org.sharpeye.media.rtp.DepacketizerLimits;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/**
 * Pulls the video, and the AAC or G.711 audio, of one non-RTSP input through FFmpeg's demuxers (libavformat,
 * packets only, no decoding): RTMP, HTTP-FLV, HLS, or a file. {@link #run()} blocks a worker thread for the whole session (never run it on an
 * event loop); {@link #stop()}, from any thread, makes it return promptly through FFmpeg's interrupt callback.
 * Opening is bounded by the open timeout; each read by the read timeout (a silent input is STALLED). Nothing
 * native is loaded or allocated before {@link #run()}, so constructing it on an event loop is cheap.
 */
public final class FfmpegClient {

    /** Far above any AAC access unit (6144 bits a channel) or G.711 packet: a larger one is malformed input. */
    static final int MAX_AUDIO_FRAME_BYTES = 64 << 10;

    private final URI url;
    private final String username;
    private final String password;
    private final Duration openTimeout;
    private final Duration readTimeout;
    private final FfmpegListener listener;
    /** Set by {@link #stop()}; FFmpeg's interrupt callback reads it. Nothing native is touched before run(). */
    private volatile boolean stopped;

    /**
     * @param url rtmp(s)://, http(s):// or file: URL without user info
     * @param username null when the input needs none (given to FFmpeg in the URL, never logged)
     * @param readTimeout longest silence while reading before the input is STALLED (HLS gets four times it,
     *                    as it waits for whole segments)
     */
    public FfmpegClient(URI url, String username, String password, Duration openTimeout, Duration readTimeout,
                        FfmpegListener listener) {
        this.url = Objects.requireNonNull(url, "url");
        this.username = username;
        this.password = password;
        this.openTimeout = Objects.requireNonNull(openTimeout, "openTimeout");
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** From any thread: the session ends; FFmpeg's blocking calls return at their next poll; no callback follows. */
    public void stop() {
        stopped = true;
    }

    /** Opens the input and reads it until it fails or is stopped; on the calling (worker) thread. */
    public void run() {
        quietFfmpegLog();
        Interruption interruption = new Interruption(() -> stopped);
        try (FfmpegInput input = FfmpegInput.open(ffmpegUrl(), Map.of(), interruption, openTimeout.toNanos())) {
            AccessUnits units = new AccessUnits(input.codec(), input.configuration(), DepacketizerLimits.DEFAULT,
                    ByteBufAllocator.DEFAULT);
            if (stopped) {
                return;
            }
            AudioTrack audio = input.audioTrack();
            // before the first frame: a viewer of a cold camera lists the audio in its container's header
            listener.playingAudio(audio);
            listener.playing(input.codec() + (audio == null ? "" : " and " + audio.codec()) + " in " + input.format());
            long readNanos = input.format().contains("hls") ? readTimeout.toNanos() * 4 : readTimeout.toNanos();
            Pacer pacer = input.finite() ? new Pacer() : null;
            while (!stopped) {
                FfmpegInput.Packet packet = input.read(readNanos);
                if (pacer != null) {
                    pacer.await(packet.dtsMicros(), () -> stopped);
                }
                if (packet.audio()) {
                    if (packet.data().length > MAX_AUDIO_FRAME_BYTES) {
                        listener.badPacket("audio packet of " + packet.data().length + " bytes");
                        continue;
                    }
                    listener.frame(Frame.audio(audio, packet.ptsMicros(), Unpooled.wrappedBuffer(packet.data()),
                            System.nanoTime()));
                    continue;
                }
                Frame frame;
                try {
                    frame = units.frame(packet.data(), packet.ptsMicros(), packet.dtsMicros(), System.nanoTime());
                } catch (BadPacketException e) {
                    listener.badPacket(e.getMessage());
                    continue;
                }
                if (frame != null) {
                    listener.frame(frame);
                }
            }
        } catch (FfmpegException e) {
            failed(e.failure());
        } catch (BadPacketException e) {
            failed(new FfmpegFailure(FailureReason.PROTOCOL_ERROR, e.getMessage()));
        } catch (Throwable t) { // a bug, a native library missing: visible, and retried by the source
            failed(new FfmpegFailure(FailureReason.PROTOCOL_ERROR, "internal error: " + t.getClass().getSimpleName()
                    + (t.getMessage() == null ? "" : ": " + Redaction.redactText(t.getMessage()))));
        } finally {
            interruption.close();
        }
    }

    private void failed(FfmpegFailure failure) {
        if (!stopped) {
            listener.failed(failure);
        }
    }

    /** FFmpeg logs URLs (with their user info) at INFO: keep its own stderr to errors. Loads the natives. */
    private static void quietFfmpegLog() {
        if (av_log_get_level() > AV_LOG_ERROR) {
            av_log_set_level(AV_LOG_ERROR);
        }
    }

    /** The URL FFmpeg opens: a file path, or the URL with the credentials as percent-encoded user info. */
    private String ffmpegUrl() {
        if ("file".equals(url.getScheme().toLowerCase(Locale.ROOT))) {
            return url.getPath();
        }
        if (username == null) {
            return url.toString();
        }
        String userInfo = encode(username) + ":" + encode(password == null ? "" : password);
        return url.getScheme() + "://" + userInfo + "@" + url.getRawAuthority() + url.getRawPath()
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
