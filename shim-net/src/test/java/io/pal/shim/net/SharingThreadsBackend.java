package io.pal.shim.net;

import io.pal.BackendName;
import io.pal.Strand;
import io.pal.spi.Backend;
import io.pal.spi.Backends;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.Callable;

/**
 * The threads backend, except that it says its callers share a carrier while {@code sharing} is
 * set. It stands in for the coroutine backend (not in this module's reach): the shim then gives
 * sockets pal's impl, whose waits go to the threads backend's real {@code awaitReady}. With
 * {@code sharing} clear the shim leaves sockets to the JDK, which is the reference to compare with.
 */
final class SharingThreadsBackend implements Backend {

    /** The real threads backend everything is delegated to. */
    private final Backend threads = Backends.get(BackendName.THREADS);
    /** What currentSharesCarrier answers, for every caller. Any thread. */
    volatile boolean sharing = true;

    @Override public BackendName name() { return threads.name(); }
    @Override public boolean currentSharesCarrier() { return sharing; }
    @Override public <T> Strand<T> spawn(String name, Callable<T> task) { return threads.spawn(name, task); }
    @Override public Strand<?> current() { return threads.current(); }
    @Override public void park() { threads.park(); }
    @Override public void parkNanos(long nanos) { threads.parkNanos(nanos); }
    @Override public void unpark(Strand<?> strand) { threads.unpark(strand); }
    @Override public void sleep(long nanos) throws InterruptedException { threads.sleep(nanos); }
    @Override public void yieldNow() { threads.yieldNow(); }
    @Override public boolean interrupted() { return threads.interrupted(); }
    @Override public void channelClosed(SelectableChannel channel) { threads.channelClosed(channel); }
    @Override public int awaitReady(SelectableChannel channel, int ops, long timeoutNanos) throws IOException, InterruptedException { return threads.awaitReady(channel, ops, timeoutNanos); }
}
