package io.pal.coroutines.poll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Readiness waits on one java.nio {@link Selector} (epoll on Linux), owned by one daemon thread.
 * Waiters never touch the selector: they hand {@link ReadinessWait}s over through a queue and a
 * {@code selector.wakeup()}, so registration never contends with a select in progress. The
 * protocols (wait, ready, cancel, close) are in the package essay.
 */
public final class Poller implements AutoCloseable {

    /** The selector; used by the poller thread only. */
    private final Selector selector;
    /** Registrations and cancellations handed to the poller thread. Any thread offers; the poller thread polls. */
    private final ConcurrentLinkedQueue<ReadinessWait> requests = new ConcurrentLinkedQueue<>();
    /** Channels closed by their owners, whose waits must end. Any thread offers; the poller thread polls. */
    private final ConcurrentLinkedQueue<SelectableChannel> closedChannels = new ConcurrentLinkedQueue<>();
    /**
     * The key of each channel that has waiters (its attachment is the waiter list). Kept here rather
     * than found with keyFor, because a closed channel's key leaves the channel at the next select
     * while its waiters stay until the close is reported. Poller thread only.
     */
    private final Map<SelectableChannel, SelectionKey> active = new HashMap<>();
    /** active's size, published for {@link #activeKeys} on other threads. Written by the poller thread only. */
    private volatile int activeCount;
    /** Waits completed in this round, woken after their keys are deregistered. Poller thread only. */
    private final List<ReadinessWait> completed = new ArrayList<>();
    /** Whether a key was cancelled this round and must be flushed before waking anyone. Poller thread only. */
    private boolean mustFlush;
    /** A second selector for zero-timeout polls, which do not wait. Guarded by itself. */
    private final Selector probe;
    /** The poller thread. Immutable after start. */
    private final Thread thread;
    /** Set by close. */
    private volatile boolean closed;

    private Poller(String name) throws IOException {
        selector = Selector.open();
        probe = Selector.open();
        thread = new Thread(null, this::loop, name, 0, false);
        thread.setDaemon(true);
    }

    /** Opens a selector and starts its thread. */
    public static Poller start(String name) {
        try {
            Poller p = new Poller(name);
            p.thread.start();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the poller's selector", e);
        }
    }

    /**
     * Hands {@code w} to the poller; its waker is called once the channel is ready, or closed and
     * reported by {@link #channelClosed}. Never blocks.
     */
    public void register(ReadinessWait w) {
        requests.offer(w);
        selector.wakeup();
    }

    /**
     * {@code channel} has been closed: every wait on it completes as ready for all its ops, at
     * the poller's next turn (protocol "close" in the package essay). Never blocks.
     */
    public void channelClosed(SelectableChannel channel) {
        closedChannels.offer(channel);
        selector.wakeup();
    }

    /**
     * Asks the poller to drop {@code w}. The waker is called once the poller has done so (or
     * completed {@code w} otherwise); only then is the channel deregistered from this poller.
     */
    public void cancel(ReadinessWait w) {
        w.cancelRequested = true;
        requests.offer(w);
        selector.wakeup();
    }

    /** Checks readiness without waiting: the zero-timeout case. A closed channel is ready for everything. */
    public int probe(SelectableChannel channel, int ops) throws IOException {
        synchronized (probe) {
            SelectionKey key;
            try {
                key = channel.register(probe, ops);
            } catch (ClosedChannelException closed) {
                return ops;
            }
            try {
                probe.selectNow();
                return key.isValid() ? key.readyOps() & ops : (channel.isOpen() ? 0 : ops);
            } finally {
                key.cancel();
                probe.selectNow(); // deregisters, so the channel may go back to blocking mode
            }
        }
    }

    // ---------------------------------------------------------------- the poller thread

    private void loop() {
        try {
            while (!closed) {
                takeRequests();
                takeClosedChannels();
                wakeCompleted();
                selector.select(); // wakeup() ends it for every request, so it needs no bound
                dispatchSelected();
                wakeCompleted();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
            }
        } finally {
            try {
                selector.close();
                probe.close();
            } catch (IOException ignored) {
                // closing at exit
            }
        }
    }

    private void takeRequests() throws IOException {
        ReadinessWait w;
        while ((w = requests.poll()) != null) {
            if (w.isDone()) {
                continue;
            }
            if (w.cancelRequested) {
                unlink(w);
                finish(w, 0);
            } else if (!w.registered) {
                link(w);
            }
        }
    }

    /**
     * Adds {@code w} to its channel's key, registering the channel if need be. A channel closed
     * before this point completes {@code w} at once; one closed after it is reported by
     * {@link #channelClosed}, which finds {@code w} on the key.
     */
    private void link(ReadinessWait w) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                SelectionKey key = active.get(w.channel);
                if (key == null) {
                    key = w.channel.register(selector, w.ops, new ArrayList<ReadinessWait>(2));
                    active.put(w.channel, key);
                    activeCount = active.size();
                } else {
                    key.interestOps(key.interestOps() | w.ops);
                }
                waiters(key).add(w);
                w.registered = true;
                return;
            } catch (ClosedChannelException e) {
                finish(w, w.ops); // closed counts as ready: the caller's next I/O call reports it
                return;
            } catch (IllegalBlockingModeException e) {
                finish(w, w.ops); // switched to blocking under us: let the caller's I/O call see it
                return;
            } catch (CancelledKeyException e) {
                // Either the channel was closed (its key in active is cancelled), or a key we
                // cancelled ourselves is not deregistered yet: flush that one, then retry once.
                if (!w.channel.isOpen() || attempt > 0) {
                    finish(w, w.ops);
                    return;
                }
                selector.selectNow();
            }
        }
    }

    /** Removes {@code w} from its key; cancels the key once no waiter is left. */
    private void unlink(ReadinessWait w) {
        if (!w.registered) {
            return;
        }
        w.registered = false;
        SelectionKey key = active.get(w.channel);
        if (key == null) {
            return;
        }
        List<ReadinessWait> ws = waiters(key);
        ws.remove(w);
        updateInterest(key, ws);
    }

    private void updateInterest(SelectionKey key, List<ReadinessWait> ws) {
        if (ws.isEmpty()) {
            active.remove(key.channel(), key);
            activeCount = active.size();
            key.cancel();
            mustFlush = true;
            return;
        }
        int interest = 0;
        for (ReadinessWait x : ws) {
            interest |= x.ops;
        }
        try {
            key.interestOps(interest);
        } catch (CancelledKeyException closedMeanwhile) {
            // the channel was closed: its closer's channelClosed completes these waiters
        }
    }

    private void dispatchSelected() {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            List<ReadinessWait> ws = waiters(key);
            int ready;
            try {
                ready = key.readyOps();
            } catch (CancelledKeyException closed) {
                ready = -1; // every op
            }
            for (Iterator<ReadinessWait> wi = ws.iterator(); wi.hasNext(); ) {
                ReadinessWait w = wi.next();
                int mine = w.ops & ready;
                if (mine != 0) {
                    wi.remove();
                    w.registered = false;
                    finish(w, mine);
                }
            }
            updateInterest(key, ws);
        }
    }

    /** Completes every wait on the channels reported closed, and drops their keys. */
    private void takeClosedChannels() {
        SelectableChannel ch;
        while ((ch = closedChannels.poll()) != null) {
            SelectionKey key = active.remove(ch);
            activeCount = active.size();
            if (key == null) {
                continue; // nobody waits, or a wait still queued will find the channel closed in link
            }
            List<ReadinessWait> ws = waiters(key);
            for (ReadinessWait w : ws) {
                w.registered = false;
                finish(w, w.ops);
            }
            ws.clear();
            key.cancel(); // cancelled by the close already; a no-op then
            mustFlush = true; // deregistering the key lets the channel release its descriptor
        }
    }

    private void finish(ReadinessWait w, int ready) {
        if (w.complete(ready)) {
            completed.add(w);
        }
    }

    /** Deregisters cancelled keys first, so a woken waiter may put its channel back in blocking mode. */
    private void wakeCompleted() throws IOException {
        if (mustFlush) {
            mustFlush = false;
            selector.selectNow(); // keys it selects stay in selectedKeys for the next dispatch
        }
        for (ReadinessWait w : completed) {
            try {
                w.wake();
            } catch (Throwable e) {
                Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
            }
        }
        completed.clear();
    }

    @SuppressWarnings("unchecked")
    private static List<ReadinessWait> waiters(SelectionKey key) {
        return (List<ReadinessWait>) key.attachment();
    }

    /** Channels with waits registered now, as the poller thread last published it. */
    public int activeKeys() {
        return activeCount;
    }

    /** Stops the poller thread and closes its selectors; pending waits are never completed. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
    }

    public boolean awaitTermination(java.time.Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }
}
