package org.sharpeye.gateway.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;

/**
 * JVM figures from the platform MXBeans (memory, buffer pools, threads, GC, process CPU), named as the Prometheus
 * JVM instrumentation names them, without pulling that library in.
 */
final class JvmFigures {

    private JvmFigures() {
    }

    static void register(PrometheusRegistry registry) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        GaugeWithCallback.builder().name("jvm_memory_used_bytes").help("Used JVM memory by area").labelNames("area")
                .callback(cb -> {
                    cb.call(memory.getHeapMemoryUsage().getUsed(), "heap");
                    cb.call(memory.getNonHeapMemoryUsage().getUsed(), "nonheap");
                }).register(registry);
        GaugeWithCallback.builder().name("jvm_memory_max_bytes").help("Max JVM memory by area (-1: undefined)")
                .labelNames("area").callback(cb -> {
                    cb.call(memory.getHeapMemoryUsage().getMax(), "heap");
                    cb.call(memory.getNonHeapMemoryUsage().getMax(), "nonheap");
                }).register(registry);
        GaugeWithCallback.builder().name("jvm_buffer_pool_used_bytes").help("Used bytes of JVM buffer pools")
                .labelNames("pool").callback(cb -> {
                    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
                        cb.call(pool.getMemoryUsed(), pool.getName());
                    }
                }).register(registry);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        GaugeWithCallback.builder().name("jvm_threads_current").help("Live threads")
                .callback(cb -> cb.call(threads.getThreadCount())).register(registry);
        CounterWithCallback.builder().name("jvm_gc_collection_seconds").help("Time spent in GC by collector")
                .labelNames("gc").callback(cb -> {
                    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                        cb.call(Math.max(0, gc.getCollectionTime()) / 1000.0, gc.getName());
                    }
                }).register(registry);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            CounterWithCallback.builder().name("process_cpu_seconds").help("CPU time of the process")
                    .callback(cb -> cb.call(os.getProcessCpuTime() / 1e9)).register(registry);
        }
    }
}
