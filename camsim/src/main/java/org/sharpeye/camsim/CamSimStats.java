package org.sharpeye.camsim;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Process-wide counters of a camsim, shown by {@code GET /stats}. */
final class CamSimStats {

    final AtomicInteger activeMounts = new AtomicInteger();
    final AtomicInteger clients = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();
    final AtomicLong packetsSent = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong packetsDropped = new AtomicLong();
    final AtomicLong badRequests = new AtomicLong();
    /** Frames mounts never sent because their timer fell over a second behind and skipped ahead. */
    final AtomicLong framesSkipped = new AtomicLong();
    /** Mount ticks that fired more than one frame interval late. */
    final AtomicLong ticksLate = new AtomicLong();

    /** A JSON-ready snapshot. */
    java.util.Map<String, Object> snapshot() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("mountsActive", activeMounts.get());
        m.put("clients", clients.get());
        m.put("connections", connections.get());
        m.put("packetsSent", packetsSent.get());
        m.put("bytesSent", bytesSent.get());
        m.put("packetsDropped", packetsDropped.get());
        m.put("badRequests", badRequests.get());
        m.put("framesSkipped", framesSkipped.get());
        m.put("ticksLate", ticksLate.get());
        java.lang.management.MemoryUsage heap =
                java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        m.put("heapUsedBytes", heap.getUsed());
        m.put("heapCommittedBytes", heap.getCommitted());
        m.put("heapMaxBytes", heap.getMax());
        return m;
    }
}
