package io.pal.bench;

import io.pal.spi.PalConfig;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * What {@code pal.threadsAsStrands} costs a program on {@code Thread.start()} and {@code join()}:
 * the program's own {@code new Thread(r).start(); t.join()} with an empty {@code r}, from the
 * benchmark's (platform) thread, against the same code on plain platform threads and
 * {@code Thread.ofVirtual().start(r).join()}. {@code startJoin} is one thread at a time (start to
 * end of join: the latency a program sees); {@code startJoinBatch} starts {@link #BATCH} threads,
 * then joins them (per thread: the throughput of a server that starts a thread per request).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1) // the fork inherits the host JVM's -javaagent (bench/run.sh)
public class ThreadStartJoin {

    static final int BATCH = 100;
    private static final Runnable EMPTY = () -> { };

    /**
     * {@code platform}: the JDK's threads, pal not started; {@code virtual}: the JDK's virtual
     * threads; {@code threadsAsStrands}: the coroutine backend (carriers = processors) with
     * {@code pal.threadsAsStrands=true}, so {@code Thread.start()} starts a strand.
     */
    @Param({"platform", "virtual", "threadsAsStrands"})
    public String mode;

    @Setup(Level.Trial)
    public void setup() {
        if (mode.equals("threadsAsStrands")) {
            System.setProperty(PalConfig.THREADS_AS_STRANDS, "true"); // read when the backend installs its shims
            Shapes.install("coroutines");
        } else if (!mode.equals("platform") && !mode.equals("virtual")) {
            throw new IllegalArgumentException("mode " + mode);
        }
    }

    private Thread start(Runnable r) {
        return mode.equals("virtual") ? Thread.ofVirtual().start(r) : startThread(r);
    }

    /** The program's own code: the same on platform threads and under threadsAsStrands. */
    private static Thread startThread(Runnable r) {
        Thread t = new Thread(r);
        t.start();
        return t;
    }

    @Benchmark
    public Thread startJoin() throws InterruptedException {
        Thread t = start(EMPTY);
        t.join();
        return t;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int startJoinBatch() throws InterruptedException {
        Thread[] threads = new Thread[BATCH];
        for (int i = 0; i < BATCH; i++) {
            threads[i] = start(EMPTY);
        }
        for (Thread t : threads) {
            t.join();
        }
        return threads.length;
    }
}
