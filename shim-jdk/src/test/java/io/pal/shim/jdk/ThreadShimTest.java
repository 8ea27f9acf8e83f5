package io.pal.shim.jdk;

import io.pal.spi.ShimHooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The advice routes Thread.sleep/yield to the backend exactly when the backend says the caller
 * shares a carrier, and leaves the JDK's behaviour alone otherwise. A recording backend stands in
 * for the coroutine one, so this runs without it.
 */
class ThreadShimTest {

    /** The hooks a shim calls, recording what reached them; claims the caller shares a carrier while {@code sharing} is set. */
    static final class RecordingBackend implements ShimHooks {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile Thread sharing;

        @Override public boolean currentSharesCarrier() { return Thread.currentThread() == sharing; }
        @Override public void sleep(long nanos) { calls.add("sleep " + nanos); }
        @Override public void yieldNow() { calls.add("yield"); }
        @Override public boolean parkThread(long nanos) { calls.add("park " + nanos); return true; }
        @Override public void unparkThread(Thread t) { if (t == sharing) { calls.add("unpark"); } }
    }

    private final RecordingBackend backend = new RecordingBackend();

    @BeforeEach
    void install() {
        new ThreadShim().install(backend);
        new ThreadShim().install(backend); // idempotent
    }

    @AfterEach
    void stopSharing() {
        backend.sharing = null;
    }

    @Test
    void sleepInsideASharedCarrierStrandGoesToTheBackend() throws Exception {
        backend.sharing = Thread.currentThread();
        long t0 = System.nanoTime();
        Thread.sleep(10_000);                       // would take 10 s if the JDK's body ran
        Thread.sleep(2, 500);
        Thread.sleep(Duration.ofSeconds(30));
        Thread.sleep(Duration.ofSeconds(Long.MAX_VALUE));
        Thread.yield();
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "the JDK's sleep ran");
        assertEquals(List.of("sleep 10000000000", "sleep 2000500", "sleep 30000000000",
                "sleep " + Long.MAX_VALUE, "yield"), backend.calls);
    }

    @Test
    void elsewhereTheJdkSleeps() throws Exception {
        long t0 = System.nanoTime();
        Thread.sleep(20);
        Thread.sleep(Duration.ofMillis(20));
        Thread.yield();
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(40).toNanos(), "slept less than asked");
        assertEquals(List.of(), backend.calls);
    }

    @Test
    void badArgumentsStillThrowWhatTheJdkThrows() {
        backend.sharing = Thread.currentThread();
        assertThrows(IllegalArgumentException.class, () -> Thread.sleep(-1));
        assertThrows(IllegalArgumentException.class, () -> Thread.sleep(1, 1_000_000));
        assertEquals(List.of(), backend.calls);
    }

    @Test
    void interruptStillWakesTheJdkSleep() {
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> Thread.sleep(10_000));
    }

    @Test
    void lockSupportParksInsideASharedCarrierStrandGoToTheBackend() {
        backend.sharing = Thread.currentThread();
        Object blocker = new Object();
        long t0 = System.nanoTime();
        LockSupport.park();                                  // would never return if the JDK's body ran
        LockSupport.park(blocker);
        LockSupport.parkNanos(30_000_000_000L);
        LockSupport.parkNanos(blocker, 40_000_000_000L);
        LockSupport.parkNanos(0);                            // the JDK returns at once: nothing to route
        LockSupport.parkUntil(System.currentTimeMillis() + 60_000);
        LockSupport.parkUntil(blocker, 0);                   // in the past: the JDK returns at once
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "the JDK's park ran");
        List<String> calls = backend.calls;
        assertEquals(5, calls.size(), calls.toString());
        assertEquals(List.of("park " + Long.MAX_VALUE, "park " + Long.MAX_VALUE, "park 30000000000",
                "park 40000000000"), calls.subList(0, 4));
        long untilNanos = Long.parseLong(calls.get(4).substring("park ".length()));
        assertTrue(untilNanos > 0 && untilNanos <= 60_000_000_000L, calls.get(4));
    }

    @Test
    void unparkOfAThreadIsReportedAndStillUnparksIt() {
        backend.sharing = Thread.currentThread();
        LockSupport.unpark(Thread.currentThread());          // reported, and the JDK's permit is set
        backend.sharing = null;
        long t0 = System.nanoTime();
        LockSupport.parkNanos(Duration.ofSeconds(30).toNanos()); // not routed: consumes the JDK's permit at once
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "the JDK's unpark was skipped");
        assertEquals(List.of("unpark"), backend.calls);
    }

    @Test
    void elsewhereLockSupportIsTheJdks() {
        long t0 = System.nanoTime();
        LockSupport.parkNanos(20_000_000);
        assertTrue(System.nanoTime() - t0 >= 20_000_000 || !backend.calls.isEmpty(), "returned early without a reason");
        assertEquals(List.of(), backend.calls);
    }
}
