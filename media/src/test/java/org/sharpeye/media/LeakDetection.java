package org.sharpeye.media;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Fails a test class when Netty's leak detector reports a leaked buffer. Registered for every test through
 * JUnit's extension auto-detection (see junit-platform.properties), so it runs in every module that depends on
 * the media test-jar. Tests run with {@code -Dio.netty.leakDetection.level=paranoid} (parent pom).
 */
public final class LeakDetection implements AfterAllCallback {

    private static final List<String> LEAKS = new ArrayList<>();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // Leaks are found when the leaked object is collected; give the collector a chance first.
        for (int i = 0; i < 3; i++) {
            System.gc();
            System.runFinalization();
        }
        // Allocating tracked buffers makes the detector poll its reference queue.
        for (int i = 0; i < 64; i++) {
            io.netty.buffer.PooledByteBufAllocator.DEFAULT.buffer(1).release();
        }
        List<String> found;
        synchronized (LEAKS) {
            found = new ArrayList<>(LEAKS);
            LEAKS.clear();
        }
        if (!found.isEmpty()) {
            throw new AssertionError("Netty reported " + found.size() + " leaked buffer(s) in "
                    + context.getDisplayName() + ":\n" + String.join("\n", found));
        }
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        @SuppressWarnings("deprecation")
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                   long maxActive) {
            return new ResourceLeakDetector<>(resource, samplingInterval) {
                @Override
                protected void reportTracedLeak(String resourceType, String records) {
                    super.reportTracedLeak(resourceType, records);
                    synchronized (LEAKS) {
                        LEAKS.add(resourceType + records);
                    }
                }

                @Override
                protected void reportUntracedLeak(String resourceType) {
                    super.reportUntracedLeak(resourceType);
                    synchronized (LEAKS) {
                        LEAKS.add(resourceType + " (untraced)");
                    }
                }
            };
        }
    }
}
