package io.pal.bench;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.channel.Channel;
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
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * Unbuffered channel ping-pong: ns per round trip (a send and a receive each way), between two
 * long-lived strands, as Go's {@code bench/go} measures with an unbuffered {@code chan}. The
 * {@code synchronousqueue} implementation does the same with two SynchronousQueues, the JDK's own
 * rendezvous, for the anchor "SynchronousQueue on virtual threads" (it is run on the thread
 * backends only: on coroutines it would block carriers, see docs/adr/0004).
 *
 * <p>One invocation sends the pinger a request for {@link #ROUNDS} round trips on a control
 * channel and waits for its answer, so the benchmark thread takes no part in the ping-pong.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1) // the fork inherits the host JVM's -javaagent (bench/run.sh)
public class ChannelPingPong {

    static final int ROUNDS = 10_000;

    @Param({"threads", "virtual:1", "virtual:2", "coroutines:1", "coroutines:2"})
    public String shape;

    @Param({"channel", "synchronousqueue"})
    public String impl;

    /** What the benchmark thread asks for, and the pinger's answer. */
    private final Channel<Integer> requests = Channel.buffered(1);
    private final Channel<Integer> answers = Channel.buffered(1);
    private Strand<Void> pinger;
    private Strand<Void> echo;

    /** A rendezvous in one direction. */
    private interface Pipe {
        void send(Integer v) throws InterruptedException;

        Integer receive() throws InterruptedException;

        void close();
    }

    @Setup(Level.Trial)
    public void setup() {
        if (impl.equals("synchronousqueue") && shape.startsWith("coroutines")) {
            throw new IllegalStateException("SKIP: SynchronousQueue blocks carriers on coroutines (docs/adr/0004)");
        }
        Shapes.install(shape);
        Pipe there = pipe();
        Pipe back = pipe();
        echo = Pal.spawn("echo", () -> {
            try {
                while (true) {
                    back.send(there.receive());
                }
            } catch (InterruptedException | RuntimeException stop) {
                // closed or interrupted at tear-down
            }
        });
        pinger = Pal.spawn("pinger", () -> {
            try {
                for (int n : requests) {
                    for (int i = 0; i < n; i++) {
                        there.send(i);
                        back.receive();
                    }
                    answers.send(n);
                }
            } catch (InterruptedException stop) {
                // tear-down
            }
        });
    }

    private Pipe pipe() {
        if (impl.equals("channel")) {
            Channel<Integer> c = Channel.unbuffered();
            return new Pipe() {
                public void send(Integer v) throws InterruptedException { c.send(v); }
                public Integer receive() throws InterruptedException { return c.receive(); }
                public void close() { c.close(); }
            };
        }
        SynchronousQueue<Integer> q = new SynchronousQueue<>();
        return new Pipe() {
            public void send(Integer v) throws InterruptedException { q.put(v); }
            public Integer receive() throws InterruptedException { return q.take(); }
            public void close() { }
        };
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int roundTrip() throws InterruptedException {
        requests.send(ROUNDS);
        return answers.receive();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        requests.close();
        pinger.join(Duration.ofSeconds(10));
        echo.interrupt();
        echo.join(Duration.ofSeconds(10));
    }
}
