package org.sharpeye.ingest;

import org.sharpeye.media.Stream;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The one thread a test's readers run on; closing it stops the thread. */
final class ReaderThread implements AutoCloseable {

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    /** Adds a reader called "test" to {@code stream} that logs its frames. */
    FrameLog watch(Stream stream) {
        FrameLog log = new FrameLog();
        stream.addReader("test", executor, log);
        return log;
    }

    ExecutorService executor() {
        return executor;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
