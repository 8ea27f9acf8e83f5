package io.pal.compat;

import io.pal.BackendName;
import io.pal.Strand;
import io.pal.StrandState;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What strands that wait cost in platform threads: the JVM's live platform threads (virtual
 * threads are not counted), before many strands wait and while they all do.
 */
public final class PlatformThreads {

    /**
     * Platform threads a backend may add while the strands wait, over the count before: a poller's
     * thread if no wait had started it yet, and room for the JVM's own occasional threads. Not per
     * strand: the point is that the count does not grow with them.
     */
    public static final int ALLOWANCE = 4;

    /**
     * Spare carriers the coroutine backend may add meanwhile: a carrier whose strand waits in a
     * monitor (the libraries' own {@code synchronized}) for a whole monitor period gets one, and
     * the network pollers start at a program's first socket wait. A handful, whatever the number
     * of strands: far below the one thread per strand this check exists to catch.
     */
    public static final int SPARES = 8;

    private PlatformThreads() {
    }

    /** The names of the JVM's live platform threads, for a failure message. */
    private static String names() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !t.isVirtual()).map(Thread::getName).sorted().toList().toString();
    }

    /** The JVM's live platform threads now. */
    public static int count() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /**
     * Asserts what {@code waiting} strands cost while they all wait: on threads a platform thread
     * each, which shows the count measures what it should; on coroutines none; on virtual threads
     * none either, though the JDK's scheduler may start up to a worker per processor.
     *
     * @param before the count before the strands were spawned
     * @param whileWaiting the count while every one of them waits
     */
    public static void assertCost(BackendName backend, int waiting, int before, int whileWaiting) {
        String seen = waiting + " strands waiting, platform threads " + before + " -> " + whileWaiting;
        System.out.println("[" + backend.id() + "] " + seen);
        switch (backend) {
            // Not before + waiting: threads of strands an earlier test joined may still be ending at "before".
            case THREADS -> assertTrue(whileWaiting >= waiting, "expected a thread per strand: " + seen);
            case COROUTINES -> assertTrue(whileWaiting <= before + ALLOWANCE + SPARES,
                    () -> "threads grew with the strands: " + seen + "; live: " + names());
            case VIRTUAL -> assertTrue(whileWaiting <= before + Runtime.getRuntime().availableProcessors() + ALLOWANCE,
                    "threads grew with the strands: " + seen);
            case SIM -> assertTrue(whileWaiting <= before + 1 + ALLOWANCE, "threads grew with the strands: " + seen); // one carrier
        }
    }

    /**
     * Waits until {@code arrived} counts one request from each of {@code clients} at its server and,
     * except on threads (see {@code NetTests.awaitSuspendedUnlessThreads}), every client is
     * suspended waiting for its answer; then asserts what that costs ({@link #assertCost}).
     *
     * @param waiting how many strands wait now in all (the clients, and any server strands)
     */
    public static void assertCostOnceAllWait(BackendName backend, List<? extends Strand<?>> clients, IntSupplier arrived,
                                             int waiting, int before) throws Exception {
        Await.until("a request from each of " + clients.size() + " clients to arrive",
                () -> arrived.getAsInt() >= clients.size() || clients.stream().anyMatch(Strand::isDone));
        for (Strand<?> c : clients) {
            if (c.isDone()) {
                c.join(); // throws what ended it early
                fail(c + " ended before its answer was let go");
            }
        }
        if (backend != BackendName.THREADS) {
            for (Strand<?> c : clients) {
                Await.state(c, StrandState.PARKED);
            }
        }
        assertCost(backend, waiting, before, count());
    }
}
