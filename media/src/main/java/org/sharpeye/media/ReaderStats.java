package org.sharpeye.media;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What one reader has received and lost. Safe to read from any thread. */
public final class ReaderStats {

    final LongAdder framesSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder framesDropped = new LongAdder();
    final LongAdder overflows = new LongAdder();
    private volatile int maxQueueDepth;
    private volatile ReaderCloseReason disconnectReason;

    void sent(Frame frame) {
        framesSent.increment();
        bytesSent.add(frame.data().readableBytes());
    }

    void queued(int depth) {
        if (depth > maxQueueDepth) {
            maxQueueDepth = depth;
        }
    }

    void disconnected(ReaderCloseReason reason) {
        disconnectReason = reason;
    }

    public long framesSent() {
        return framesSent.sum();
    }

    /** Payload bytes handed to the sink (container overhead not included). */
    public long bytesSent() {
        return bytesSent.sum();
    }

    public long framesDropped() {
        return framesDropped.sum();
    }

    public long overflows() {
        return overflows.sum();
    }

    public int maxQueueDepth() {
        return maxQueueDepth;
    }

    /** Why the stream disconnected this reader, or null when it did not. */
    public ReaderCloseReason disconnectReason() {
        return disconnectReason;
    }

    /** A snapshot for APIs and logs. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("framesSent", framesSent());
        m.put("bytesSent", bytesSent());
        m.put("framesDropped", framesDropped());
        m.put("overflows", overflows());
        m.put("maxQueueDepth", maxQueueDepth);
        if (disconnectReason != null) {
            m.put("disconnectReason", disconnectReason.name());
        }
        return m;
    }

    static Map<ReaderCloseReason, LongAdder> newReasonCounters() {
        Map<ReaderCloseReason, LongAdder> m = new EnumMap<>(ReaderCloseReason.class);
        for (ReaderCloseReason r : ReaderCloseReason.values()) {
            m.put(r, new LongAdder());
        }
        return m;
    }
}
