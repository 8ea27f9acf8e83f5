package io.pal.coroutines;

import io.pal.Strand;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeTest {
    @Test
    void spawnJoinParkUnpark() throws Exception {
        CoroutineBackend b = TestBackends.start(2);
        try {
            assertEquals(42, b.spawn("x", () -> 42).join());
            Strand<Integer> parker = b.spawn("p", () -> {
                b.park();
                return 7;
            });
            TestBackends.awaitState(parker, io.pal.StrandState.PARKED);
            b.unpark(parker);
            assertEquals(7, parker.join());
            Strand<Integer> outer = b.spawn("outer", () -> b.spawn("inner", () -> 5).join() + 1);
            assertEquals(6, outer.join());
            Strand<Long> sleeper = b.spawn("s", () -> {
                long t0 = System.nanoTime();
                b.sleep(20_000_000);
                return System.nanoTime() - t0;
            });
            long slept = sleeper.join();
            assertEquals(true, slept >= 20_000_000, "slept " + slept);
        } finally {
            TestBackends.stop(b);
        }
    }
}
