package io.pal.sim;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.IllegalSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelectionKey;
import java.nio.channels.spi.AbstractSelector;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A {@code Selector} over the channels of a run's {@link SimNetwork}. A select waits on the
 * network's {@code anyChange} condition (every arrival, connection, close and wake-up signals it),
 * parked on the network's lock: a scheduling point, on virtual time. It wakes itself when the
 * earliest segment not yet arrived at a registered channel arrives, since an arrival in the future
 * signals nothing. Keys are kept, and selected, in registration order, so that the same seed
 * iterates the selected keys in the same order.
 *
 * <p>Protocol "select": (1) deregister the cancelled keys; (2) under the network's lock, for each
 * key whose channel is ready for an operation it is interested in, add it to the selected set (or
 * add the operations to its ready set if it is there) and count it; (3) if one was counted, or a
 * wake-up is pending, or the select may not wait (selectNow) or its time is up, or the caller is
 * interrupted, return the count, clearing the wake-up; (4) otherwise wait until the next arrival,
 * the timeout or a signal, and go to (2).
 */
final class SimSelector extends AbstractSelector {

    /** The run's network. Immutable. */
    private final SimNetwork net;
    /** Registered keys, in registration order. Guarded by the network's lock. */
    private final Set<SelectionKey> keys = new LinkedHashSet<>();
    /** The selected keys, in the order they were selected. Guarded by the network's lock while selecting; the caller's between selects. */
    private final Set<SelectionKey> selected = new LinkedHashSet<>();
    /** What keys() returns: a view that cannot be changed. */
    private final Set<SelectionKey> publicKeys = Collections.unmodifiableSet(keys);
    /** What selectedKeys() returns: removal allowed, addition not, as the JDK's. */
    private final Set<SelectionKey> publicSelected = new AbstractSet<>() {
        @Override
        public Iterator<SelectionKey> iterator() {
            return selected.iterator();
        }

        @Override
        public int size() {
            return selected.size();
        }

        @Override
        public boolean remove(Object o) {
            return selected.remove(o);
        }

        @Override
        public boolean contains(Object o) {
            return selected.contains(o);
        }

        @Override
        public void clear() {
            selected.clear();
        }
    };
    /** A wakeup() not yet consumed by a select. Guarded by the network's lock. */
    private boolean wakeupPending;

    SimSelector(SimSelectorProvider provider, SimNetwork net) {
        super(provider);
        this.net = net;
    }

    /** A key of this selector. */
    private final class Key extends AbstractSelectionKey {
        private final AbstractSelectableChannel channel;
        private volatile int interest;
        private volatile int ready;

        Key(AbstractSelectableChannel channel) {
            this.channel = channel;
        }

        @Override
        public SelectableChannel channel() {
            return channel;
        }

        @Override
        public Selector selector() {
            return SimSelector.this;
        }

        @Override
        public int interestOps() {
            ensureValid();
            return interest;
        }

        @Override
        public SelectionKey interestOps(int ops) {
            ensureValid();
            if ((ops & ~channel.validOps()) != 0) {
                throw new IllegalArgumentException("interest set " + ops + " is not valid for " + channel + " (valid: " + channel.validOps() + ")");
            }
            interest = ops;
            return this;
        }

        @Override
        public int readyOps() {
            ensureValid();
            return ready;
        }

        private void ensureValid() {
            if (!isValid()) {
                throw new java.nio.channels.CancelledKeyException();
            }
        }

        /** What the channel is ready for now, of what this key is interested in. Caller holds the network's lock. */
        int readyNow() {
            int ops = switch (channel) {
                case SimSocketChannel s -> s.readyOps();
                case SimServerSocketChannel s -> s.readyOps();
                case SimPipe.Source s -> s.readyOps();
                case SimPipe.Sink s -> s.readyOps();
                default -> 0;
            };
            return ops & interest;
        }

        long nextArrival() {
            if ((interest & SelectionKey.OP_READ) == 0) {
                return Long.MAX_VALUE;
            }
            return switch (channel) {
                case SimSocketChannel s -> s.nextArrival();
                case SimPipe.Source s -> s.nextArrival();
                default -> Long.MAX_VALUE;
            };
        }
    }

    @Override
    protected SelectionKey register(AbstractSelectableChannel ch, int ops, Object att) {
        SimNetwork owner = switch (ch) {
            case SimSocketChannel s -> s.network();
            case SimServerSocketChannel s -> s.network();
            case SimPipe.Source s -> s.network();
            case SimPipe.Sink s -> s.network();
            default -> null;
        };
        if (owner != net) {
            throw new IllegalSelectorException(); // a channel of the kernel, or of another run
        }
        Key k = new Key(ch);
        k.interestOps(ops);
        k.attach(att);
        net.lock.lock();
        try {
            ensureOpen();
            keys.add(k);
        } finally {
            net.lock.unlock();
        }
        return k;
    }

    @Override
    public Set<SelectionKey> keys() {
        ensureOpen();
        return publicKeys;
    }

    @Override
    public Set<SelectionKey> selectedKeys() {
        ensureOpen();
        return publicSelected;
    }

    @Override
    public int selectNow() throws IOException {
        return select(false, 0);
    }

    @Override
    public int select(long timeout) throws IOException {
        if (timeout < 0) {
            throw new IllegalArgumentException("Negative timeout: " + timeout);
        }
        return select(true, timeout == 0 ? 0 : java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(timeout));
    }

    @Override
    public int select() throws IOException {
        return select(true, 0);
    }

    /** Protocol "select" (see the class comment); {@code timeoutNanos} 0: no limit. */
    private int select(boolean block, long timeoutNanos) {
        ensureOpen();
        begin(); // an interrupt of the caller calls wakeup()
        try {
            net.lock.lock();
            try {
                deregisterCancelled();
                long deadline = timeoutNanos == 0 ? Long.MAX_VALUE : now() + timeoutNanos;
                while (true) {
                    int n = updateSelected();
                    if (n > 0 || wakeupPending || !block || now() >= deadline || Thread.currentThread().isInterrupted() || !isOpen()) {
                        wakeupPending = false;
                        return n;
                    }
                    long wake = Math.min(deadline, nextArrival());
                    try {
                        if (wake == Long.MAX_VALUE) {
                            net.anyChange.await();
                        } else {
                            net.anyChange.awaitNanos(Math.max(1, wake - now()));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // a select ends with the status kept, as the JDK's
                    }
                }
            } finally {
                net.lock.unlock();
            }
        } finally {
            end();
        }
    }

    private int updateSelected() {
        int n = 0;
        for (SelectionKey k : keys) {
            Key key = (Key) k;
            int ready = key.isValid() ? key.readyNow() : 0;
            if (ready == 0) {
                continue;
            }
            if (selected.add(key)) {
                key.ready = ready;
                n++;
            } else if ((key.ready | ready) != key.ready) {
                key.ready |= ready;
                n++;
            }
        }
        return n;
    }

    private long nextArrival() {
        long next = Long.MAX_VALUE;
        for (SelectionKey k : keys) {
            next = Math.min(next, ((Key) k).nextArrival());
        }
        return next;
    }

    /**
     * Removes the cancelled keys, and each from its channel. The set is copied under its monitor and
     * the channels are told outside it: a channel's close holds its key lock while it cancels keys
     * (and so takes that monitor), and deregistering takes the key lock.
     */
    private void deregisterCancelled() {
        Set<SelectionKey> cancelled = cancelledKeys();
        ArrayList<SelectionKey> gone;
        synchronized (cancelled) {
            gone = new ArrayList<>(cancelled);
            cancelled.clear();
        }
        for (SelectionKey k : gone) {
            keys.remove(k);
            selected.remove(k);
            deregister((AbstractSelectionKey) k);
        }
    }

    @Override
    public Selector wakeup() {
        net.lock.lock();
        try {
            wakeupPending = true;
            net.anyChange.signalAll();
        } finally {
            net.lock.unlock();
        }
        return this;
    }

    @Override
    protected void implCloseSelector() {
        wakeup();
        net.lock.lock();
        try {
            for (SelectionKey k : new ArrayList<>(keys)) {
                k.cancel();
            }
            deregisterCancelled();
        } finally {
            net.lock.unlock();
        }
    }

    private void ensureOpen() {
        if (!isOpen()) {
            throw new ClosedSelectorException();
        }
    }

    private long now() {
        return net.now();
    }
}
