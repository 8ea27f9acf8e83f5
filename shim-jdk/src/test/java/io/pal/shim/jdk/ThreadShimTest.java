package io.pal.shim.jdk;

import io.pal.BackendName;
import io.pal.Strand;
import io.pal.spi.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The advice routes Thread.sleep/yield to the backend exactly when the backend says the caller
 * shares a carrier, and leaves the JDK's behaviour alone otherwise. A recording backend stands in
 * for the coroutine one, so this runs without it.
 */
class ThreadShimTest {

    /** Records what reached it; claims the caller shares a carrier while {@code sharing} is set. */
    static final class RecordingBackend implements Backend {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile Thread sharing;

        @Override public BackendName name() { return BackendName.COROUTINES; }
        @Override public boolean currentSharesCarrier() { return Thread.currentThread() == sharing; }
        @Override public void sleep(long nanos) { calls.add("sleep " + nanos); }
        @Override public void yieldNow() { calls.add("yield"); }
        @Override public <T> Strand<T> spawn(String name, Callable<T> task) { throw new UnsupportedOperationException(); }
        @Override public Strand<?> current() { throw new UnsupportedOperationException(); }
        @Override public void park() { throw new UnsupportedOperationException(); }
        @Override public void parkNanos(long nanos) { throw new UnsupportedOperationException(); }
        @Override public void unpark(Strand<?> strand) { throw new UnsupportedOperationException(); }
        @Override public boolean interrupted() { return Thread.interrupted(); }
        @Override public int awaitReady(SelectableChannel c, int ops, long t) { throw new UnsupportedOperationException(); }
        @Override public void channelClosed(SelectableChannel c) { throw new UnsupportedOperationException(); }
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
}
