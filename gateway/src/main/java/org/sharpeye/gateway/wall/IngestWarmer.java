package org.sharpeye.gateway.wall;

import org.sharpeye.gateway.live.RegistryLiveSources;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.ingest.SourceSpec;
import org.sharpeye.media.DiscardingSink;
import org.sharpeye.media.Reader;

/**
 * Warms a camera the way a viewer would start it: joins a reader to the camera profile's ingest stream, which starts
 * an on-demand source, and drops what it is given (the frames are for the viewers who come next; the stream's GOP
 * cache keeps the latest keyframe for them).
 */
public final class IngestWarmer implements Warmer {
    private final Ingest ingest;
    private final RegistryLiveSources sources;

    public IngestWarmer(Ingest ingest, RegistryLiveSources sources) {
        this.ingest = ingest;
        this.sources = sources;
    }

    @Override
    public Warm warm(String cameraId, String profile) {
        SourceSpec spec = sources.spec(cameraId, profile).orElse(null);
        if (spec == null) {
            return () -> { };
        }
        Reader reader = ingest.stream(spec).addReader("tour-warm", Runnable::run, new DiscardingSink());
        return reader::close;
    }
}
