package org.sharpeye.gateway.live;

import org.sharpeye.ingest.Ingest;
import org.sharpeye.ingest.SourceSpec;
import org.sharpeye.ingest.transcode.Transcoders;
import org.sharpeye.media.Stream;

/** The stream a live request reads: the camera's own, or its shared H.264 transcode for {@code codec=h264}. */
public final class LiveStreams implements AutoCloseable {

    private final Ingest ingest;
    private final Transcoders transcoders;

    public LiveStreams(Ingest ingest) {
        this.ingest = ingest;
        this.transcoders = new Transcoders(ingest);
    }

    Stream stream(SourceSpec spec, boolean transcode) {
        return transcode ? transcoders.transcoded(spec) : ingest.stream(spec);
    }

    /** Stops every transcoder; the ingest itself is closed by its owner. */
    @Override
    public void close() {
        transcoders.close();
    }
}
