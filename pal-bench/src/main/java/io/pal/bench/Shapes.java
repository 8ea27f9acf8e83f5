package io.pal.bench;

import io.pal.BackendName;
import io.pal.spi.Backends;
import io.pal.spi.PalConfig;

import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * Turns a benchmark's backend parameter into an installed backend.
 *
 * <p>A shape is {@code backend} (the backend's default scheduler: for virtual and coroutines as
 * many carriers as processors) or {@code backend:carriers}, which sets {@code pal.carriers} for
 * coroutines and {@code jdk.virtualThreadScheduler.parallelism} for virtual threads before the
 * backend is created. Platform threads have no carriers: {@code threads} is only ever run once.
 *
 * <p>Each JMH fork is a fresh JVM, so installing once per trial is installing once per JVM.
 */
final class Shapes {

    /** What {@link #install} set up, for the log. */
    record Installed(BackendName backend, int carriers, String description) {
    }

    private Shapes() {
    }

    static Installed install(String shape) {
        String[] parts = shape.split(":", 2);
        BackendName name = BackendName.parse(parts[0]);
        int carriers = parts.length == 2 ? Integer.parseInt(parts[1]) : 0;
        if (carriers > 0 && name == BackendName.THREADS) {
            throw new IllegalArgumentException("shape " + shape + ": platform threads have no carriers; use 'threads'");
        }
        if (carriers > 0) {
            System.setProperty(PalConfig.CARRIERS, Integer.toString(carriers));
            System.setProperty("jdk.virtualThreadScheduler.parallelism", Integer.toString(carriers));
        }
        List<BackendName> available = Backends.available();
        if (!available.contains(name)) {
            throw new IllegalStateException("SKIP: backend '" + name + "' is not available in this JVM (available: "
                    + available + "); bench/run.sh leaves it out of the run automatically");
        }
        Backends.install(Backends.get(name));
        String desc = switch (name) {
            case THREADS -> "threads (OS scheduler, " + Runtime.getRuntime().availableProcessors() + " cpus)";
            case VIRTUAL -> "virtual (default scheduler parallelism=" + virtualParallelism() + ")";
            case COROUTINES -> "coroutines (pal.carriers=" + PalConfig.fromSystemProperties().carriers() + ")";
            case SIM -> "sim (one carrier, virtual time, pal.seed=" + io.pal.spi.SimConfig.fromSystemProperties().seed() + ")";
        };
        int want = carriers > 0 ? carriers : Runtime.getRuntime().availableProcessors();
        if (name == BackendName.VIRTUAL) {
            int actual = virtualParallelism();
            if (actual > 0 && actual != want) {
                throw new IllegalStateException("virtual scheduler parallelism is " + actual + ", wanted " + want
                        + ": something started a virtual thread before the benchmark set it");
            }
        }
        System.out.println("# pal-bench: backend " + desc);
        return new Installed(name, carriers, desc);
    }

    /** The JDK's default virtual-thread scheduler's parallelism, or -1 if it cannot be read. */
    static int virtualParallelism() {
        try {
            Field f = Class.forName("java.lang.VirtualThread").getDeclaredField("DEFAULT_SCHEDULER");
            f.setAccessible(true);
            return f.get(null) instanceof ForkJoinPool pool ? pool.getParallelism() : -1;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }
}
