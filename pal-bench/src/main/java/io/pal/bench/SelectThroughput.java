package io.pal.bench;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.channel.Channel;
import io.pal.channel.ChannelClosedException;
import io.pal.channel.Select;
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
import java.util.concurrent.TimeUnit;

/**
 * Select throughput: ns per select over two buffered channels (capacity 64) that two producer
 * strands keep full, taken by a consumer strand. One invocation asks the consumer for
 * {@link #SELECTS} selects over a control channel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1) // the fork inherits the host JVM's -javaagent (bench/run.sh)
public class SelectThroughput {

    static final int SELECTS = 10_000;

    @Param({"threads", "virtual", "coroutines"})
    public String shape;

    private final Channel<Integer> a = Channel.buffered(64);
    private final Channel<Integer> b = Channel.buffered(64);
    private final Channel<Integer> requests = Channel.buffered(1);
    private final Channel<Integer> answers = Channel.buffered(1);
    private Strand<?>[] strands;

    @Setup(Level.Trial)
    public void setup() {
        Shapes.install(shape);
        strands = new Strand<?>[] {producer(a), producer(b), Pal.spawn("consumer", () -> {
            try {
                for (int n : requests) {
                    int sum = 0;
                    for (int i = 0; i < n; i++) {
                        sum += Select.<Integer>select().onReceive(a, v -> v).onReceive(b, v -> v).run();
                    }
                    answers.send(sum);
                }
            } catch (InterruptedException stop) {
                // tear-down
            }
        })};
    }

    private static Strand<Void> producer(Channel<Integer> out) {
        return Pal.spawn("producer", () -> {
            try {
                for (int i = 0; ; i++) {
                    out.send(i & 127);
                }
            } catch (ChannelClosedException | InterruptedException stop) {
                // tear-down
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(SELECTS)
    public int select() throws InterruptedException {
        requests.send(SELECTS);
        return answers.receive();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        requests.close();
        a.close();
        b.close();
        for (Strand<?> s : strands) {
            s.join(Duration.ofSeconds(10));
        }
    }
}
