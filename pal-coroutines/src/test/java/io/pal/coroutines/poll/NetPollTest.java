package io.pal.coroutines.poll;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NetPoll} with plain threads as waiters and the test thread as the poller, on eventfds and
 * Unix socket pairs made by the test.
 */
class NetPollTest {

    private static final long NO_TIMEOUT = Long.MAX_VALUE;
    private static final LongConsumer PARK = LockSupport::parkNanos;

    private NetPoll net;
    private final List<Integer> fds = new ArrayList<>();
    private final MemorySegment one = Epoll.one();

    @BeforeEach
    void open() {
        net = NetPoll.open(w -> LockSupport.unpark((Thread) w));
    }

    @AfterEach
    void close() {
        for (int fd : fds) {
            net.release(fd);
            Epoll.close(fd);
        }
        net.close();
    }

    private int eventfd() throws Exception {
        int fd = Epoll.eventfd();
        fds.add(fd);
        return fd;
    }

    /** Starts a thread that waits on {@code fd} for {@code event}; returns once it is parked in the wait. */
    private Thread waiter(int fd, int event, long timeoutNanos, AtomicReference<Throwable> failed) {
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                net.await(fd, event, Thread.currentThread(), timeoutNanos, PARK);
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        PollDescriptor pd;
        int which = event == Epoll.EPOLLIN ? PollDescriptor.READ : PollDescriptor.WRITE;
        while ((pd = net.existing(fd)) == null || pd.slot(which) != t) {
            Thread.onSpinWait();
        }
        return t;
    }

    /** Polls until {@code t} has ended; returns how many waiters the polls woke. */
    private int pollUntilDone(Thread t) {
        int woken = 0;
        while (t.isAlive()) {
            woken += net.poll();
            Thread.onSpinWait();
        }
        return woken;
    }

    @Test
    void aWaiterWakesWhenItsDescriptorBecomesReady() throws Exception {
        int fd = eventfd();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = waiter(fd, Epoll.EPOLLIN, NO_TIMEOUT, failed);
        assertEquals(0, net.poll(), "not readable yet: registration woke nobody");
        assertTrue(t.isAlive());
        Epoll.signal(fd, one);
        assertEquals(1, pollUntilDone(t));
        assertNull(failed.get());
        assertEquals(0, net.waiting());
    }

    @Test
    void readinessThatCameBeforeTheWaitEndsItAtOnce() throws Exception {
        int fd = eventfd(), other = eventfd();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread first = waiter(fd, Epoll.EPOLLIN, NO_TIMEOUT, failed); // registers fd
        Epoll.signal(fd, one);
        pollUntilDone(first);
        Thread bystander = waiter(other, Epoll.EPOLLIN, NO_TIMEOUT, failed); // something waits, so polls look
        Epoll.signal(fd, one);                                                // fd is ready with nobody waiting on it
        while (net.existing(fd).slot(PollDescriptor.READ) != PollDescriptor.READY) {
            net.poll();
        }
        net.await(fd, Epoll.EPOLLIN, Thread.currentThread(), NO_TIMEOUT, PARK); // returns without a poll
        assertNull(net.existing(fd).slot(PollDescriptor.READ), "the wait took the readiness");
        Epoll.signal(other, one);
        pollUntilDone(bystander);
        assertNull(failed.get());
    }

    @Test
    void aTimedWaitEndsWhenItsTimeIsUpAndLeavesTheSlotEmpty() throws Exception {
        int fd = eventfd();
        long start = System.nanoTime();
        net.await(fd, Epoll.EPOLLIN, Thread.currentThread(), 20_000_000L, PARK);
        assertTrue(System.nanoTime() - start >= 20_000_000L);
        assertNull(net.existing(fd).slot(PollDescriptor.READ));
        assertEquals(0, net.waiting());
    }

    @Test
    void anInterruptedWaiterReturnsWithItsStatusSet() throws Exception {
        int fd = eventfd();
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                net.await(fd, Epoll.EPOLLIN, Thread.currentThread(), NO_TIMEOUT, PARK);
                interrupted.set(Thread.currentThread().isInterrupted());
            } catch (Exception e) {
                interrupted.set(null);
            }
        });
        while (net.existing(fd) == null || net.existing(fd).slot(PollDescriptor.READ) != t) {
            Thread.onSpinWait();
        }
        t.interrupt();
        t.join();
        assertEquals(Boolean.TRUE, interrupted.get());
        assertNull(net.existing(fd).slot(PollDescriptor.READ));
    }

    /** As the JDK's close (Poller.stopPoll for both events): the reader and the writer of one socket wake at once. */
    @Test
    void aCloseWakesTheReaderAndTheWriterOfOneDescriptor() throws Throwable {
        int[] pair = UnixSockets.pair();
        fds.add(pair[0]);
        fds.add(pair[1]);
        UnixSockets.fill(pair[0]); // its send buffer is full: a writer waits
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread reader = waiter(pair[0], Epoll.EPOLLIN, NO_TIMEOUT, failed);
        Thread writer = waiter(pair[0], Epoll.EPOLLOUT, NO_TIMEOUT, failed);
        net.poll();
        assertTrue(reader.isAlive() && writer.isAlive(), "neither is ready");
        net.closing(pair[0], Epoll.EPOLLIN);
        net.closing(pair[0], Epoll.EPOLLOUT);
        reader.join();
        writer.join();
        assertNull(failed.get());
        long start = System.nanoTime();
        net.await(pair[0], Epoll.EPOLLIN, Thread.currentThread(), NO_TIMEOUT, PARK); // a wait after the close returns at once
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
    }

    /**
     * A number closed and given to a new file: without the release, the descriptor would still count
     * as registered and the new file, never added to the epoll set, would never wake its waiter.
     */
    @Test
    void aReleasedNumberIsRegisteredAgainForTheNextFileThatGetsIt() throws Exception {
        int fd = Epoll.eventfd();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = waiter(fd, Epoll.EPOLLIN, NO_TIMEOUT, failed);
        Epoll.signal(fd, one);
        pollUntilDone(t);
        int seq = net.existing(fd).seq();
        net.release(fd);
        Epoll.close(fd);
        int again = eventfd(); // the lowest free number: the one just closed
        assertEquals(fd, again, "the kernel gave the number to the new file");
        assertFalse(net.existing(again).isRegistered());
        assertEquals(seq + 1, net.existing(again).seq(), "events of the old file are stale now");
        Thread next = waiter(again, Epoll.EPOLLIN, NO_TIMEOUT, failed);
        assertTrue(net.existing(again).isRegistered());
        Epoll.signal(again, one);
        assertEquals(1, pollUntilDone(next));
        assertNull(failed.get());
    }

    /**
     * Timed waits that run out just as their descriptor becomes ready, many times: every wait ends,
     * leaves its slot empty or READY (never itself), and the waits count comes back to zero.
     */
    @Test
    void timedWaitsRacingReadinessAlwaysEndAndLeaveNoWaiterBehind() throws Exception {
        int fd = eventfd();
        PollDescriptor pd = null;
        for (int i = 0; i < 2_000; i++) {
            AtomicReference<Throwable> failed = new AtomicReference<>();
            long timeout = 20_000 + (i % 50) * 2_000; // 20-120 us
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    net.await(fd, Epoll.EPOLLIN, Thread.currentThread(), timeout, PARK);
                } catch (Throwable e) {
                    failed.set(e);
                }
            });
            LockSupport.parkNanos(i % 7 * 10_000L);
            Epoll.signal(fd, one);
            pollUntilDone(t);
            assertNull(failed.get());
            pd = net.existing(fd);
            Object left = pd.slot(PollDescriptor.READ);
            assertTrue(left == null || left == PollDescriptor.READY, "round " + i + ": " + left);
            pd.takeReady(PollDescriptor.READ);
        }
        assertEquals(0, net.waiting());
        assertSame(null, pd.slot(PollDescriptor.READ));
    }

    @Test
    void theBlockingPollerRoleIsHeldByOneAndAWakeEndsItsPoll() throws Exception {
        int fd = eventfd();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = waiter(fd, Epoll.EPOLLIN, NO_TIMEOUT, failed);
        assertTrue(net.startBlocking());
        assertFalse(net.startBlocking(), "one blocking poller at a time");
        net.wakeBlocked(); // before the poll: it returns at once all the same
        assertEquals(0, net.pollBlocking(Long.MAX_VALUE));
        Thread poller = Thread.ofPlatform().start(() -> net.pollBlocking(Long.MAX_VALUE));
        while (poller.isAlive() && !inEpollWait(poller)) {
            Thread.onSpinWait();
        }
        net.wakeBlocked();
        poller.join();
        net.stopBlocking();
        Epoll.signal(fd, one);
        assertEquals(1, pollUntilDone(t));
    }

    /** Whether {@code t} is inside the native epoll_wait (FFM downcalls show as a RUNNABLE thread). */
    private static boolean inEpollWait(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getMethodName().equals("await") && e.getClassName().equals(Epoll.class.getName())) {
                return true;
            }
        }
        return false;
    }
}
