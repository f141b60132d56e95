package org.sharpeye.media;

/**
 * Netty's per-access buffer checks (reference count and bounds on every get/set) cost about 13 % of ingest's CPU at
 * 1,000 cameras (docs/benchmarks.md "ingest"). A running node turns them off; the tests keep them on, with the leak
 * detector on paranoid, so a use-after-release or out-of-bounds access is still caught before it ships.
 */
public final class BufferChecks {
    private BufferChecks() {
    }

    /**
     * Turns the checks off unless the JVM was started with either property set. Call it first thing in a main
     * method, before any Netty buffer class is loaded (Netty reads the properties once).
     */
    public static void offForProduction() {
        if (System.getProperty("io.netty.buffer.checkAccessible") == null) {
            System.setProperty("io.netty.buffer.checkAccessible", "false");
        }
        if (System.getProperty("io.netty.buffer.checkBounds") == null) {
            System.setProperty("io.netty.buffer.checkBounds", "false");
        }
    }
}
