package io.pal.compat.identity;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.coroutines.CoroutineDiagnostics;
import io.pal.coroutines.sched.ThreadAccess;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Monitors held across a strand's suspension, waits that block the carrier ({@code Object.wait}, a
 * contended monitor), and exact j.u.c. wake-ups: the shapes of ordinary legacy code (connection
 * pools, caches) that a strand runtime must run as threads run them. (A ReentrantLock held across
 * a sleep is JucInStrandsTest's; Object.wait between strands on one carrier is pal-coroutines'
 * OneCarrierMonitorsTest.)
 */
@AllBackends
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LocksAcrossSuspensionTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** A counter that is not atomic: its final value is exact only if the lock excluded everyone. */
    private static final class Plain {
        int value;
    }

    /** The monitor case: 20 strands each {@code synchronized (x) { sleep 2 ms }} five times. */
    @Test
    void aMonitorHeldAcrossPalSleepExcludesEveryoneAndEveryoneGetsIn() throws Exception {
        Object monitor = new Object();
        Plain counter = new Plain();
        List<Strand<Void>> strands = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            strands.add(Pal.spawn(() -> {
                for (int i = 0; i < 5; i++) {
                    synchronized (monitor) {
                        int v = counter.value;
                        Pal.sleep(Duration.ofMillis(2));
                        if (!Thread.holdsLock(monitor)) {
                            throw new AssertionError("the monitor's owner changed while it slept");
                        }
                        counter.value = v + 1;
                    }
                }
                return null;
            }));
        }
        for (Strand<Void> s : strands) {
            s.join();
        }
        synchronized (monitor) {
            assertEquals(20 * 5, counter.value);
        }
    }

    /** Object.wait blocks the carrier natively: the strand's interrupt must still reach it, and be cleared by the exception. */
    @Test
    void interruptingAStrandInObjectWaitThrowsAndClearsTheStatus() throws Exception {
        Object box = new Object();
        CountDownLatch waiting = new CountDownLatch(1);
        Strand<String> waiter = Pal.spawn("waiter", () -> {
            synchronized (box) {
                waiting.countDown();
                try {
                    box.wait();
                    return "returned without an interrupt";
                } catch (InterruptedException e) {
                    return "interrupted, status " + Thread.currentThread().isInterrupted();
                }
            }
        });
        waiting.await();
        synchronized (box) { // the waiter is in wait() once it has let go of the monitor
            waiter.interrupt();
        }
        assertEquals("interrupted, status false", waiter.join());
    }

    /**
     * A status the strand cleared itself ({@code Thread.interrupted()}) no longer interrupts a later
     * {@code Object.wait}: on coroutines the carrier mirrors the status for native waits, and the
     * mirror must follow the clearing. 200 rounds, each on whatever carrier the strand is on.
     */
    @Test
    void aClearedInterruptDoesNotEndALaterWait() throws Exception {
        Object box = new Object();
        Strand<Integer> s = Pal.spawn(() -> {
            int spurious = 0;
            for (int i = 0; i < 200; i++) {
                Thread.currentThread().interrupt();
                if (!Thread.interrupted()) {
                    throw new AssertionError("the status was not set");
                }
                synchronized (box) {
                    try {
                        box.wait(1);
                    } catch (InterruptedException e) {
                        spurious++;
                    }
                }
                Pal.yieldNow();
            }
            return spurious;
        });
        assertEquals(0, s.join(), "waits ended by an interrupt that had been cleared");
    }

    /**
     * 10,000 strands each wait in {@code CompletableFuture.get()} on their own future; one strand
     * completes them in order. Each completion must wake exactly its waiter: on coroutines the
     * number of parks stays near one per waiter (a wake-up of every strand that shares the
     * waiter's carrier would make it grow with the square of the count).
     */
    @Test
    void tenThousandCompletableFutureWaitersAreWokenExactly(BackendName backend) throws Exception {
        int n = 10_000;
        List<CompletableFuture<Integer>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            futures.add(new CompletableFuture<>());
        }
        long parksBefore = parks();
        AtomicInteger started = new AtomicInteger();
        List<Strand<Integer>> waiters = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            CompletableFuture<Integer> f = futures.get(i);
            waiters.add(Pal.spawn(() -> {
                started.incrementAndGet();
                return f.get();
            }));
        }
        Pal.spawn("completer", () -> {
            while (started.get() < n) {
                Pal.sleep(Duration.ofMillis(1));
            }
            for (int i = 0; i < n; i++) {
                futures.get(i).complete(i);
            }
            return null;
        }).join();
        long sum = 0;
        for (Strand<Integer> w : waiters) {
            sum += w.join();
        }
        assertEquals((long) n * (n - 1) / 2, sum);
        if (backend == BackendName.COROUTINES) {
            long parks = parks() - parksBefore;
            assertTrue(parks <= 3L * n, "exact wake-ups park each waiter about once; parks: " + parks);
        }
    }

    private static long parks() {
        return CoroutineDiagnostics.active().map(d -> d.counts().parks()).orElse(0L);
    }

    /**
     * A commons-pool2 style pool, created cold: borrowers wait in {@code Object.wait} inside
     * {@code synchronized} while other borrowers open the pooled connections over loopback. On 2
     * carriers every waiting borrower blocks a carrier; the strands opening connections must still
     * run somewhere (on a carrier the monitor moved them to, or a spare).
     */
    /**
     * Borrowers. Each waiting borrower blocks a carrier natively, so on coroutines this many
     * carriers may be blocked at once; each wait hands its carrier's work away as it begins, so the
     * strands that would release them always find one. With 256 carriers at most and hand-offs
     * only when the monitor looked, this hung in some fresh-clone runs.
     */
    private static final int BORROWERS = 2_000;

    @Test
    void aSynchronizedPoolThatWaitsWhileOthersConnectServesItsBorrowers() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 100, LOOPBACK)) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread acceptor = echoServer(server, stop);
            try (Pool pool = new Pool(8, () -> new Socket(LOOPBACK, server.getLocalPort()))) {
                List<Strand<Integer>> users = new ArrayList<>();
                for (int i = 0; i < BORROWERS; i++) {
                    int b = i & 0x7f;
                    users.add(Pal.spawn(() -> {
                        Socket s = pool.borrow();
                        try {
                            s.getOutputStream().write(b);
                            return s.getInputStream().read();
                        } finally {
                            pool.giveBack(s);
                        }
                    }));
                }
                for (int i = 0; i < users.size(); i++) {
                    assertEquals(i & 0x7f, users.get(i).join());
                }
                assertTrue(pool.created() <= 8);
            } finally {
                stop.set(true);
                server.close();
                acceptor.join();
            }
        }
    }

    /** Strands that move between carriers keep running correctly (on coroutines at least one is seen to move). */
    @Test
    void strandsRunOnAfterTheyHaveMigrated(BackendName backend) throws Exception {
        List<Strand<Integer>> strands = new ArrayList<>();
        Set<String> movers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int s = 0; s < 64; s++) {
            String name = "mover-" + s;
            strands.add(Pal.spawn(name, () -> {
                Thread me = Thread.currentThread();
                Set<Thread> carriers = new HashSet<>();
                int sum = 0;
                for (int i = 0; i < 2_000; i++) {
                    carriers.add(carrier(backend));
                    if ((i & 1) == 0) {
                        Pal.yieldNow();
                    } else {
                        Pal.sleep(Duration.ofNanos(1_000));
                    }
                    if (Thread.currentThread() != me) {
                        throw new AssertionError("the strand's thread changed");
                    }
                    sum += i;
                }
                if (carriers.size() > 1) {
                    movers.add(name);
                }
                return sum;
            }));
        }
        for (Strand<Integer> s : strands) {
            assertEquals(2_000 * 1_999 / 2, s.join());
        }
        if (backend == BackendName.COROUTINES) {
            assertFalse(movers.isEmpty(), "no strand ever ran on a second carrier");
        }
    }

    private static Thread carrier(BackendName backend) {
        return backend == BackendName.COROUTINES ? ThreadAccess.currentCarrier() : Thread.currentThread();
    }

    /** One plain thread per connection, echoing single bytes, until {@code stop} and the server socket closes. */
    private static Thread echoServer(ServerSocket server, AtomicBoolean stop) {
        Thread acceptor = new Thread(() -> {
            List<Thread> handlers = new ArrayList<>();
            while (!stop.get()) {
                Socket c;
                try {
                    c = server.accept();
                } catch (IOException closed) {
                    break;
                }
                Thread h = new Thread(() -> {
                    try (c; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
                        int b;
                        while ((b = in.read()) >= 0) {
                            out.write(b);
                        }
                    } catch (IOException ignored) {
                        // the pool closed the connection
                    }
                }, "echo-handler");
                h.start();
                handlers.add(h);
            }
            for (Thread h : handlers) {
                try {
                    h.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, "echo-acceptor");
        acceptor.start();
        return acceptor;
    }

    /** Opens a connection; may block (a TCP connect). */
    private interface Connector {
        Socket open() throws IOException;
    }

    /**
     * The shape of commons-pool2's GenericObjectPool: a borrower takes an idle object, or reserves a
     * slot under the lock and creates the object outside it, or waits in {@code Object.wait} until
     * one is given back.
     */
    private static final class Pool implements AutoCloseable {
        private final int max;
        private final Connector connector;
        private final Deque<Socket> idle = new ArrayDeque<>();
        private final List<Socket> all = new ArrayList<>();
        private int created;

        Pool(int max, Connector connector) {
            this.max = max;
            this.connector = connector;
        }

        Socket borrow() throws IOException, InterruptedException {
            synchronized (this) {
                while (idle.isEmpty() && created >= max) {
                    wait();
                }
                if (!idle.isEmpty()) {
                    return idle.pop();
                }
                created++; // a slot reserved: create outside the lock, as commons-pool2 does
            }
            Socket s = connector.open();
            synchronized (this) {
                all.add(s);
            }
            return s;
        }

        synchronized void giveBack(Socket s) {
            idle.push(s);
            notify();
        }

        synchronized int created() {
            return created;
        }

        @Override
        public synchronized void close() throws IOException {
            for (Socket s : all) {
                s.close();
            }
        }
    }
}
