package org.sharpeye.camsim;

import org.sharpeye.media.Codec;
import org.sharpeye.media.codec.NalUnits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ClipSource} that draws each camera's picture with Java2D and encodes it with FFmpeg (libx264/libx265)
 * into a loop of whole GOPs, kept in an LRU cache bounded in bytes. Thread-safe; a clip not cached yet is encoded
 * in the calling thread (a 1280x720 loop takes seconds), and callers asking for the same clip meanwhile wait for
 * that one encoding.
 */
public final class ClipEncoder implements ClipSource {

    /** Label of the clips a shared encoder makes: they stand for any camera. */
    public static final String SHARED_LABEL = "camsim";
    /** Length of a loop, rounded up to whole GOPs. */
    static final int LOOP_SECONDS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(ClipEncoder.class);

    private final ClipCache cache;
    private final boolean shared;

    private record Key(String cameraId, String label, Codec codec, VideoFormat format, Picture picture) {
    }

    /** An encoder whose clips show each camera's own label, caching up to {@code cacheBytes} of clips. */
    public ClipEncoder(long cacheBytes) {
        this(cacheBytes, false);
    }

    private ClipEncoder(long cacheBytes, boolean shared) {
        this.cache = new ClipCache(cacheBytes);
        this.shared = shared;
    }

    /**
     * An encoder that ignores the camera and its label: every camera with the same codec, format and picture
     * plays one clip labelled {@value #SHARED_LABEL}, so a fleet of 1,000 cameras costs a handful of encodings.
     */
    public static ClipEncoder shared(long cacheBytes) {
        return new ClipEncoder(cacheBytes, true);
    }

    @Override
    public Clip clip(String cameraId, String label, Codec codec, VideoFormat format, Picture picture) {
        if (shared) {
            return sharedClip(codec, format, picture);
        }
        Key key = new Key(cameraId, label, codec, format, picture);
        return cache.get(key, () -> encode(key.label(), codec, format, picture));
    }

    /** The shared clip: one cache entry whether this encoder is shared or labels each camera. */
    @Override
    public Clip sharedClip(Codec codec, VideoFormat format, Picture picture) {
        Key key = new Key(null, SHARED_LABEL, codec, format, picture);
        return cache.get(key, () -> encode(key.label(), codec, format, picture));
    }

    /** Bytes of the clips cached now. */
    long cachedBytes() {
        return cache.sizeBytes();
    }

    /** Frames of a loop: {@value #LOOP_SECONDS} s rounded up to whole GOPs, so the loop starts on a keyframe. */
    static int loopFrames(VideoFormat format) {
        int gop = format.gopFrames();
        int wanted = LOOP_SECONDS * format.fps();
        return (wanted + gop - 1) / gop * gop;
    }

    private static Clip encode(String label, Codec codec, VideoFormat format, Picture picture) {
        if (!codec.isVideo() || format.gopFrames() <= 0 || format.fps() <= 0) {
            throw new IllegalArgumentException("cannot encode " + codec + " " + format);
        }
        long started = System.nanoTime();
        int frames = loopFrames(format);
        ClipRenderer renderer = new ClipRenderer(format.width(), format.height(), frames, format.fps(),
                label == null ? "" : label);
        byte[] stream = ClipRecorder.encode(codec, format, frames, picture, renderer);
        ClipAccessUnits.Result split = ClipAccessUnits.split(codec, stream);
        List<Clip.AccessUnit> units = withParameterSets(codec, split);
        check(codec, format, frames, units, split);
        Clip clip = new Clip(codec, format.width(), format.height(), format.fps(), split.vps(), split.sps(),
                split.pps(), units);
        LOG.info("encoded {} {}x{} {} clip: {} frames, {} kbit/s, in {} ms", codec, format.width(), format.height(),
                picture, frames, clip.sizeBytes() * 8 * format.fps() / frames / 1000,
                (System.nanoTime() - started) / 1_000_000);
        return clip;
    }

    /** Puts the parameter sets before every keyframe that lacks them, as cameras send them (Clip's contract). */
    private static List<Clip.AccessUnit> withParameterSets(Codec codec, ClipAccessUnits.Result split) {
        List<Clip.AccessUnit> out = new ArrayList<>(split.units().size());
        for (Clip.AccessUnit unit : split.units()) {
            boolean hasSets = unit.nalUnits().stream()
                    .anyMatch(n -> NalUnits.isParameterSet(codec, NalUnits.type(codec, n[0])));
            if (!unit.keyframe() || hasSets || split.sps() == null || split.pps() == null) {
                out.add(unit);
                continue;
            }
            List<byte[]> nals = new ArrayList<>();
            if (split.vps() != null) {
                nals.add(split.vps());
            }
            nals.add(split.sps());
            nals.add(split.pps());
            nals.addAll(unit.nalUnits());
            out.add(new Clip.AccessUnit(List.copyOf(nals), true));
        }
        return List.copyOf(out);
    }

    private static void check(Codec codec, VideoFormat format, int frames, List<Clip.AccessUnit> units,
                              ClipAccessUnits.Result split) {
        if (units.size() != frames) {
            throw new IllegalStateException("the " + codec + " encoder made " + units.size() + " access units, "
                    + "expected " + frames + " for " + format);
        }
        if (!units.get(0).keyframe()) {
            throw new IllegalStateException("the " + codec + " clip does not start with a keyframe");
        }
        if (split.sps() == null || split.pps() == null || (codec == Codec.H265 && split.vps() == null)) {
            throw new IllegalStateException("the " + codec + " encoder wrote no parameter sets");
        }
    }
}
