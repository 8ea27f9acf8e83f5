package io.pal.shim.net;

import io.pal.BackendName;
import io.pal.Strand;
import io.pal.spi.Backend;
import io.pal.spi.Backends;
import io.pal.spi.ShimHooks;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The threads backend, except that it says its callers share a carrier while {@code sharing} is
 * set. It stands in for the coroutine backend (not in this module's reach): the shim then treats
 * every caller as a strand at the JDK's park points, and its waits come here, where poll(2) in
 * short slices stands in for the coroutine backend's epoll (a slice lets a descriptorClosing end a
 * wait). With {@code sharing} clear the shim leaves sockets to the JDK, the reference to compare with.
 */
final class SharingThreadsBackend implements Backend, ShimHooks {

    private static final MethodHandle POLL = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("poll").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    /** The longest single poll(2), so that a stop is seen within it. */
    private static final int SLICE_MILLIS = 50;

    /** The real threads backend everything else is delegated to. */
    private final Backend threads = Backends.get(BackendName.THREADS);
    /** What currentSharesCarrier answers, for every caller. Any thread. */
    volatile boolean sharing = true;
    /** How many times the shim asked whether the caller shares a carrier and was told yes. */
    final LongAdder sharingAnswers = new LongAdder();
    /** How many descriptor waits began. */
    final LongAdder descriptorWaits = new LongAdder();
    /** (fd, event) pairs a descriptorClosing named; the next wait on one returns at once. */
    private final Set<Long> stopped = ConcurrentHashMap.newKeySet();

    @Override public BackendName name() { return threads.name(); }
    @Override public <T> Strand<T> spawn(String name, Callable<T> task) { return threads.spawn(name, task); }
    @Override public Strand<?> current() { return threads.current(); }
    @Override public void park() { threads.park(); }
    @Override public void parkNanos(long nanos) { threads.parkNanos(nanos); }
    @Override public void unpark(Strand<?> strand) { threads.unpark(strand); }
    @Override public void sleep(long nanos) throws InterruptedException { threads.sleep(nanos); }
    @Override public void yieldNow() { threads.yieldNow(); }
    @Override public boolean interrupted() { return threads.interrupted(); }

    @Override
    public boolean currentSharesCarrier() {
        if (sharing) {
            sharingAnswers.increment();
            return true;
        }
        return false;
    }

    @Override
    public void awaitDescriptor(int fd, int event, long timeoutNanos) throws IOException {
        descriptorWaits.increment();
        long deadline = System.nanoTime() + timeoutNanos;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfd = arena.allocate(8);
            pollfd.set(JAVA_INT, 0, fd);
            pollfd.set(JAVA_SHORT, 4, (short) event);
            while (!stopped.remove(key(fd, event)) && !Thread.currentThread().isInterrupted()) {
                long left = timeoutNanos == ShimHooks.NO_TIMEOUT ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                int millis = (int) Math.max(1, Math.min(SLICE_MILLIS, left / 1_000_000));
                if ((int) POLL.invokeExact(pollfd, 1L, millis) != 0) {
                    return; // ready, or failed: the caller's retry tells
                }
            }
        } catch (Throwable e) {
            throw new IOException("poll failed", e);
        }
    }

    @Override
    public void descriptorClosing(int fd, int event) {
        stopped.add(key(fd, event));
    }

    private static long key(int fd, int event) {
        return ((long) fd << 32) | event;
    }
}
