package org.sharpeye.ingest;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting, with a deadline, on a test sink that calls notifyAll as each frame arrives. */
public final class MonitorWait {

    private MonitorWait() {
    }

    /**
     * Waits on {@code monitor}, which the caller holds, until {@code done}; after {@code timeoutMillis} fails with an
     * AssertionError saying {@code failure}.
     */
    public static void until(Object monitor, BooleanSupplier done, long timeoutMillis, Supplier<String> failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!done.getAsBoolean()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError(failure.get());
            }
            monitor.wait(left);
        }
    }
}
