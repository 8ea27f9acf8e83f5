package io.pal.threads;

import io.pal.BackendName;
import io.pal.Strand;
import io.pal.spi.AdoptedStrand;
import io.pal.spi.Backend;

import java.io.IOException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A backend whose strands are threads: platform threads for {@code threads}, virtual threads for
 * {@code virtual}. Everything but the thread builder is the same, so both are this one class.
 * Strands are daemon threads on both (virtual threads always are): as with coroutines, a program
 * ends when its main thread does, whether or not strands are still running.
 */
final class ThreadBackend implements Backend {

    /** The backend's name. Immutable. */
    private final BackendName name;
    /** Makes the thread of each strand; builders are not thread-safe, so it is used under its own lock. */
    private final Thread.Builder builder;

    ThreadBackend(BackendName name, Thread.Builder builder) {
        this.name = name;
        this.builder = builder;
    }

    @Override
    public BackendName name() {
        return name;
    }

    @Override
    public <T> Strand<T> spawn(String strandName, Callable<T> task) {
        ThreadStrand<T> s = new ThreadStrand<>(this, strandName, task);
        Thread t;
        synchronized (builder) {
            t = builder.name(s.name()).unstarted(s::run);
        }
        s.start(t);
        return s;
    }

    @Override
    public Strand<?> current() {
        ThreadStrand<?> s = ThreadStrand.current();
        return s != null ? s : AdoptedStrand.ofCurrentThread();
    }

    @Override
    public void park() {
        LockSupport.park();
    }

    @Override
    public void parkNanos(long nanos) {
        LockSupport.parkNanos(nanos);
    }

    @Override
    public void unpark(Strand<?> strand) {
        Thread t = switch (strand) {
            case ThreadStrand<?> s -> s.thread();
            case AdoptedStrand a -> a.thread();
            default -> throw new IllegalArgumentException("not a strand of the " + name + " backend: " + strand);
        };
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
        if (nanos <= 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return;
        }
        Thread.sleep(Duration.ofNanos(nanos));
    }

    @Override
    public void yieldNow() {
        Thread.yield();
    }

    @Override
    public boolean interrupted() {
        return Thread.interrupted();
    }

    /**
     * Waits in a selector of its own, opened for this one wait: a thread backend has no poller to
     * share, and a cached selector per thread would leak its file descriptors with the thread.
     * shim-net is not installed on these backends, so this is the rare path, not the hot one.
     */
    @Override
    public int awaitReady(SelectableChannel channel, int ops, long timeoutNanos) throws IOException, InterruptedException {
        if (channel.isBlocking()) {
            throw new IllegalBlockingModeException();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        try (Selector selector = Selector.open()) {
            SelectionKey key;
            try {
                key = channel.register(selector, ops);
            } catch (java.nio.channels.ClosedChannelException closed) {
                return ops; // closed counts as ready: the caller's next I/O call reports it
            }
            if (timeoutNanos <= 0) {
                selector.selectNow();
            } else if (timeoutNanos == NO_TIMEOUT) {
                selector.select();
            } else {
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999)));
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            int ready = key.isValid() ? key.readyOps() & ops : (channel.isOpen() ? 0 : ops);
            key.cancel();
            selector.selectNow(); // deregisters, so the channel may go back to blocking mode
            return ready;
        }
    }
}
