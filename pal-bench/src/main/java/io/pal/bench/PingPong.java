package io.pal.bench;

import io.pal.Pal;
import io.pal.Strand;

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
import org.openjdk.jmh.annotations.TearDown;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Park/unpark ping-pong: two strands hand a turn back and forth with {@link Pal#park()} and
 * {@link Pal#unpark}. Score: ns per round trip (pinger to echo and back, i.e. two park/unpark
 * handoffs).
 *
 * <p>Both strands live for the whole trial. One invocation asks the pinger for {@link #ROUNDS}
 * round trips and waits on a latch until it has done them, so the benchmark thread (a platform
 * thread, not a strand) costs one wake-up per 10,000 round trips and never takes part in the
 * ping-pong itself.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1) // the fork inherits the host JVM's -javaagent (bench/run.sh)
public class PingPong {

    static final int ROUNDS = 10_000;

    /** {@code threads}, or a backend and its carrier count (see {@link Shapes}). */
    @Param({"threads", "virtual:1", "virtual:2", "coroutines:1", "coroutines:2"})
    public String shape;

    /** Whose move it is: 0 the pinger's, 1 the echo's. */
    private volatile int turn;
    /** Round trips the pinger is asked to do next; 0 when it has nothing to do. */
    private volatile int request;
    private volatile boolean stop;
    private volatile CountDownLatch done;
    private volatile Strand<?> echo;
    private volatile Strand<?> pinger;

    @Setup(Level.Trial)
    public void setup() {
        Shapes.install(shape);
        echo = Pal.spawn("echo", this::echoLoop);
        pinger = Pal.spawn("pinger", this::pingLoop);
    }

    private void echoLoop() {
        Strand<?> p = null;
        while (true) {
            while (turn != 1) {
                if (stop) {
                    return;
                }
                Pal.park();
            }
            if (p == null) {
                p = pinger; // set before the first request can reach the pinger
            }
            turn = 0;
            Pal.unpark(p);
        }
    }

    private void pingLoop() {
        Strand<?> e = echo; // assigned before this strand was spawned
        while (true) {
            int n;
            while ((n = request) == 0) {
                if (stop) {
                    return;
                }
                Pal.park();
            }
            request = 0;
            for (int i = 0; i < n; i++) {
                turn = 1;
                Pal.unpark(e);
                while (turn != 0) {
                    Pal.park();
                }
            }
            done.countDown();
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void roundTrip() throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        done = latch;
        request = ROUNDS;
        Pal.unpark(pinger);
        latch.await();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        stop = true;
        Pal.unpark(pinger);
        Pal.unpark(echo);
        pinger.join(Duration.ofSeconds(10));
        echo.join(Duration.ofSeconds(10));
    }
}
