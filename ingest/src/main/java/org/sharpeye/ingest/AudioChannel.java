package org.sharpeye.ingest;

import org.sharpeye.ingest.rtsp.AudioFormats;
import org.sharpeye.ingest.rtsp.SdpMedia;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;
import org.sharpeye.media.rtp.AacDepacketizer;
import org.sharpeye.media.rtp.AudioDepacketizer;
import org.sharpeye.media.rtp.DepacketizerOutcome;
import org.sharpeye.media.rtp.G711Depacketizer;
import org.sharpeye.media.rtp.RtpPacket;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The audio of one session: its depacketizer, and the shift that puts audio on the video's timeline. The audio
 * RTP clock starts at its own random point (RFC 3550 5.1); without RTCP sender reports to relate the two, the
 * first audio frame is placed at the video time of its arrival and later ones follow its own clock. Audio before
 * the first video frame is dropped (a reader starts at a video keyframe anyway). Not thread-safe: the source's
 * event loop.
 */
final class AudioChannel implements AutoCloseable {

    /** Video pts (microseconds) at this instant, or Long.MIN_VALUE before the first video frame. */
    interface VideoClock extends LongSupplier {
    }

    private final AudioDepacketizer depacketizer;
    private long lostReported;
    private boolean offsetKnown;
    private long offsetMicros;

    /** Throws IllegalArgumentException when the media cannot be depacketized (bad fmtp). */
    AudioChannel(SdpMedia media, VideoClock video, Consumer<Frame> publish) {
        Codec codec = AudioFormats.codec(media);
        if (codec == null) {
            throw new IllegalArgumentException("unsupported audio " + media.encoding());
        }
        Consumer<Frame> shift = frame -> {
            long now = video.getAsLong();
            if (now == Long.MIN_VALUE) {
                frame.release();
                return;
            }
            if (!offsetKnown) {
                offsetKnown = true;
                offsetMicros = now - frame.ptsMicros();
            }
            Frame shifted = frame.audioAt(frame.ptsMicros() + offsetMicros);
            frame.release();
            try {
                publish.accept(shifted);
            } finally {
                shifted.release();
            }
        };
        int clockRate = AudioFormats.clockRate(media);
        this.depacketizer = codec == Codec.AAC
                ? AacDepacketizer.fromFmtp(media.fmtp(), clockRate, shift)
                : new G711Depacketizer(codec, clockRate, shift);
    }

    Codec codec() {
        return depacketizer.codec();
    }

    /** Pushes one packet; returns the frames newly lost (for the stream's figures). */
    long push(RtpPacket packet) {
        DepacketizerOutcome ignored = depacketizer.push(packet);
        long lost = depacketizer.stats().framesLost() - lostReported;
        lostReported += lost;
        return lost;
    }

    /** The AudioSpecificConfig of AAC (for muxers), or empty. */
    byte[] audioSpecificConfig() {
        return depacketizer instanceof AacDepacketizer aac ? aac.audioSpecificConfig() : new byte[0];
    }

    /** What every audio frame of this session carries; for {@code Stream.announceAudio} once audio is set up. */
    AudioTrack track() {
        return depacketizer.track();
    }

    @Override
    public void close() {
        depacketizer.close();
    }
}
