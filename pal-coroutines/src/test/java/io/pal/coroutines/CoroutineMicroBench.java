package io.pal.coroutines;

import io.pal.Strand;
import io.pal.spi.PalConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain main, not a test: park/unpark round trip and spawn+join, measured from inside a strand.
 * Run after a build (prints five rounds; read the last ones, after JIT warm-up):
 * <pre>
 * java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED \
 *   -cp pal-coroutines/target/classes:pal-coroutines/target/test-classes:pal-api/target/classes \
 *   io.pal.coroutines.CoroutineMicroBench 1
 * </pre>
 * The argument is the number of carriers.
 */
public final class CoroutineMicroBench {

    /** Whose turn it is in the ping-pong: 1 pong's, 0 ping's. */
    private static volatile int turn;

    private CoroutineMicroBench() {
    }

    public static void main(String[] args) throws Exception {
        int carriers = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        CoroutineBackend b = CoroutineBackend.create("bench", new PalConfig(carriers, carriers));
        final int n = 2_000_000;
        for (int round = 0; round < 5; round++) {
            System.out.println(b.spawn("bench", () -> {
                Strand<?> ping = b.current();
                turn = 0;
                Strand<Void> pong = b.spawn("pong", () -> {
                    for (int i = 0; i < n; i++) {
                        while (turn != 1) {
                            b.park();
                        }
                        turn = 0;
                        b.unpark(ping);
                    }
                    return null;
                });
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    turn = 1;
                    b.unpark(pong);
                    while (turn != 0) {
                        b.park();
                    }
                }
                long t1 = System.nanoTime();
                pong.join();
                long t2 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    b.spawn(() -> 1).join();
                }
                long t3 = System.nanoTime();
                List<Strand<Integer>> batch = new ArrayList<>(n / 4);
                for (int i = 0; i < n / 4; i++) {
                    batch.add(b.spawn(() -> 1));
                }
                for (Strand<Integer> s : batch) {
                    s.join();
                }
                long t4 = System.nanoTime();
                return String.format("park/unpark round trip %d ns, spawn+join %d ns, spawn %d then join all %d ns each",
                        (t1 - t0) / n, (t3 - t2) / n, n / 4, (t4 - t3) / (n / 4));
            }).join());
        }
        System.out.println(b);
        b.close();
    }
}
