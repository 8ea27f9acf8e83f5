package io.pal.coroutines.poll;

import io.pal.coroutines.sched.IdlePoller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The netpoll built into the scheduler (Go's netpoll, tokio's I/O driver): one epoll set, one
 * {@link PollDescriptor} per descriptor number, and nobody's thread of its own. Idle carriers poll
 * it and the driving carrier blocks in it ({@link IdlePoller}, protocol "drive" in the sched
 * package essay); the scheduler's watchdog polls it when nobody has for a while
 * ({@link #pollIfStale}). The protocols (register, wait, ready, close, release, idle poll) are in
 * the package essay.
 */
public final class NetPoll implements IdlePoller, AutoCloseable {

    /** Events taken per epoll_wait. */
    private static final int MAX_EVENTS = 128;
    /** Every descriptor is registered for both directions, edge-triggered, once per file. */
    private static final int INTEREST = Epoll.EPOLLIN | Epoll.EPOLLOUT | Epoll.EPOLLRDHUP | Epoll.EPOLLET;
    /** What wakes readers: readable, the peer's shutdown, a hang-up or an error. */
    private static final int READ_EVENTS = Epoll.EPOLLIN | Epoll.EPOLLRDHUP | Epoll.EPOLLHUP | Epoll.EPOLLERR;
    /** What wakes writers: writable, a hang-up or an error. */
    private static final int WRITE_EVENTS = Epoll.EPOLLOUT | Epoll.EPOLLHUP | Epoll.EPOLLERR;
    /** The epoll data of the wakeup eventfd: no descriptor's (their generation is at most 2^31 - 1 releases away). */
    private static final long WAKE_DATA = -1L;
    /** Above this many nanoseconds without a poll while something waits, the watchdog polls (Go's sysmon: 10 ms). */
    public static final long STALE_NANOS = 10_000_000L;
    /** Bit of {@link #users} set once closed. */
    private static final int CLOSED = Integer.MIN_VALUE;
    /** The table's elements: set with release, read with acquire, so a descriptor found is a descriptor made. */
    private static final VarHandle ELEMENT = MethodHandles.arrayElementVarHandle(PollDescriptor[].class);

    /** The epoll set. Immutable; closed by the last user after {@link #close}. */
    private final int epfd;
    /** A non-blocking eventfd in the set, level-triggered: {@link #wakeBlocked} writes it (Go's netpollBreak). Immutable. */
    private final int wakeFd;
    /** Unparks a waiter (a strand or a thread); must not block. Immutable. */
    private final Consumer<Object> waker;
    /** The descriptors by number. Copy-on-grow under {@code this}; an element, once set, stays. */
    private volatile PollDescriptor[] table = new PollDescriptor[256];
    /** Waits in progress (a waiter in a slot, or about to be). Any thread. */
    private final AtomicInteger waiting = new AtomicInteger();
    /** Whether a carrier holds the blocking-poller role. CAS by carriers. */
    private final AtomicBoolean blocking = new AtomicBoolean();
    /** Whether a non-blocking poll is in progress (a second one at the same time would find nothing). CAS. */
    private final AtomicBoolean pollingNow = new AtomicBoolean();
    /** Whether the wakeup eventfd was written and not yet drained: it is written once per drain (Go's netpollWakeSig). */
    private final AtomicBoolean wakePending = new AtomicBoolean();
    /** System.nanoTime() at the end of the last poll. Written by pollers, read by the watchdog. */
    private volatile long lastPoll = System.nanoTime();
    /** Calls that use epfd in progress, plus CLOSED once closed; the last one out closes the descriptors. */
    private final AtomicInteger users = new AtomicInteger();
    /** Events of the blocking poll (the role holder's) and of non-blocking polls (whoever holds pollingNow). */
    private final MemorySegment blockEvents, nowEvents;
    /** 1, for writing the eventfd; 8 bytes to read it into (anyone, racily: the value is not used). */
    private final MemorySegment one, scratch;
    /** The blocking poll's timeout (the role holder's). */
    private final MemorySegment timeout;

    private NetPoll(Consumer<Object> waker) throws IOException {
        this.waker = waker;
        this.epfd = Epoll.create();
        this.wakeFd = Epoll.eventfd();
        if (Epoll.ctl(epfd, Epoll.EPOLL_CTL_ADD, wakeFd, Epoll.EPOLLIN, WAKE_DATA) != 0) {
            Epoll.close(wakeFd);
            Epoll.close(epfd);
            throw new IOException("epoll_ctl failed for the netpoll's eventfd");
        }
        Arena arena = Arena.ofAuto(); // freed with this object: a poller may still read it after close
        this.blockEvents = Epoll.eventArray(arena, MAX_EVENTS);
        this.nowEvents = Epoll.eventArray(arena, MAX_EVENTS);
        this.one = Epoll.one();
        // A wait's descriptor class and its slot values, loaded with the netpoll rather than at a strand's first wait.
        Objects.requireNonNull(PollDescriptor.CLOSING);
        this.scratch = arena.allocate(8, 8);
        this.timeout = arena.allocate(Epoll.TIMESPEC_SIZE, 8);
    }

    /** A new netpoll whose polls hand each waiter whose descriptor became ready to {@code waker}. */
    public static NetPoll open(Consumer<Object> waker) {
        try {
            return new NetPoll(waker);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the netpoll", e);
        }
    }

    // ---------------------------------------------------------------- waiting (any strand or thread)

    /**
     * Protocol "wait": {@code waiter} (the caller's strand, or its thread) waits until {@code fd} is
     * ready for {@code event} ({@link Epoll#EPOLLIN} or {@link Epoll#EPOLLOUT}), is closing, the
     * caller is interrupted, or {@code timeoutNanos} ({@code Long.MAX_VALUE}: none) have passed.
     * {@code park} parks the caller for at most the nanoseconds it is given (spurious returns
     * allowed); the poller's waker ends it. Allocates nothing once the descriptor has been seen.
     *
     * @throws IOException the descriptor cannot be registered
     */
    public void await(int fd, int event, Object waiter, long timeoutNanos, LongConsumer park) throws IOException {
        PollDescriptor pd = descriptor(fd);
        int which = event == Epoll.EPOLLIN ? PollDescriptor.READ : PollDescriptor.WRITE;
        if (pd.takeReady(which)) {
            return; // the event came since the last wait (Go: pdReady)
        }
        register(pd);
        long deadline = System.nanoTime() + timeoutNanos;
        waiting.incrementAndGet();
        try {
            if (!pd.install(which, waiter)) {
                Object o = pd.slot(which);
                if (o == PollDescriptor.READY || o == PollDescriptor.CLOSING) {
                    pd.takeReady(which);
                    return;
                }
                throw new IllegalStateException("inconsistent state: " + o + " waits on descriptor " + fd + " too");
            }
            while (pd.slot(which) == waiter && !Thread.currentThread().isInterrupted()) {
                long left = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                park.accept(left);
            }
            pd.leave(which, waiter);
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Protocol "register": the file behind {@code fd} joins the epoll set once, edge-triggered, both directions. */
    private void register(PollDescriptor pd) throws IOException {
        if (pd.isRegistered()) {
            return;
        }
        synchronized (pd) {
            if (pd.isRegistered()) {
                return;
            }
            if (!enter()) {
                throw new IOException("the netpoll is closed");
            }
            try {
                // ADD; MOD if the file is in the set already (a close pal did not hear of left it there)
                if (Epoll.ctl(epfd, Epoll.EPOLL_CTL_ADD, pd.fd, INTEREST, pd.data()) != 0
                        && Epoll.ctl(epfd, Epoll.EPOLL_CTL_MOD, pd.fd, INTEREST, pd.data()) != 0) {
                    throw new IOException("epoll_ctl failed for descriptor " + pd.fd);
                }
            } finally {
                exit();
            }
            pd.setRegistered(true);
        }
    }

    /** Protocol "close": {@code fd} is closing, or shut down for {@code event}; its waiter for it wakes and later waits return at once. */
    public void closing(int fd, int event) {
        PollDescriptor pd = existing(fd);
        if (pd != null) {
            pd.closing(event == Epoll.EPOLLIN ? PollDescriptor.READ : PollDescriptor.WRITE, waker);
        }
    }

    /**
     * Protocol "release": {@code fd}'s file is about to be closed for good, so its number may go to a
     * new file: the registration is removed, the generation bumped (late events of this file are
     * dropped) and both slots emptied. A no-op for a number never waited on.
     */
    public void release(int fd) {
        PollDescriptor pd = existing(fd);
        if (pd == null) {
            return;
        }
        synchronized (pd) {
            if (pd.isRegistered()) {
                pd.nextGeneration();
                if (enter()) {
                    Epoll.ctl(epfd, Epoll.EPOLL_CTL_DEL, fd, 0, 0); // fails harmlessly if the file is gone already
                    exit();
                }
                pd.setRegistered(false);
            }
        }
        pd.clear(waker);
    }

    /** Waits in progress. */
    public int waiting() {
        return waiting.get();
    }

    // ---------------------------------------------------------------- polling (IdlePoller, the watchdog)

    @Override
    public int poll() {
        if (waiting.get() == 0 || !pollingNow.compareAndSet(false, true)) {
            return 0;
        }
        try {
            return pollOnce(nowEvents, 0);
        } finally {
            pollingNow.set(false);
        }
    }

    /** The watchdog's fallback (Go's sysmon): polls if something waits and nobody polled for {@link #STALE_NANOS}. */
    public int pollIfStale(long now) {
        if (waiting.get() == 0 || blocking.get() || now - lastPoll < STALE_NANOS) {
            return 0;
        }
        return poll();
    }

    @Override
    public boolean hasWaiters() {
        return waiting.get() > 0;
    }

    @Override
    public boolean startBlocking() {
        return blocking.compareAndSet(false, true);
    }

    @Override
    public int pollBlocking(long timeoutNanos) {
        assert blocking.get() : "pollBlocking without the role";
        return pollOnce(blockEvents, timeoutNanos == Long.MAX_VALUE ? -1 : Math.max(0, timeoutNanos));
    }

    @Override
    public void stopBlocking() {
        blocking.set(false);
    }

    @Override
    public void wakeBlocked() {
        if (!wakePending.get() && wakePending.compareAndSet(false, true) && enter()) {
            try {
                Epoll.signal(wakeFd, one);
            } finally {
                exit();
            }
        }
    }

    /**
     * One epoll wait ({@code timeoutNanos} -1: until something is ready; 0: a look; else to the
     * nanosecond where the kernel has epoll_pwait2, else rounded up to whole milliseconds, so a timer
     * is never looked at before it is due), then protocol "ready" for each event.
     */
    private int pollOnce(MemorySegment events, long timeoutNanos) {
        if (!enter()) {
            return 0;
        }
        int n;
        try {
            n = timeoutNanos <= 0 ? Epoll.await(epfd, events, MAX_EVENTS, (int) timeoutNanos)
                    : Epoll.awaitNanos(epfd, events, MAX_EVENTS, timeoutNanos, timeout);
        } finally {
            exit();
        }
        lastPoll = System.nanoTime();
        int readied = 0;
        for (int i = 0; i < n; i++) {
            long data = Epoll.data(events, i);
            if (data == WAKE_DATA) {
                if (events == blockEvents) { // only the blocking poll takes the wakeup; it stays readable for it otherwise
                    Epoll.drain(wakeFd, scratch);
                    wakePending.set(false);
                }
                continue;
            }
            PollDescriptor pd = existing(PollDescriptor.fdOf(data));
            if (pd == null || pd.seq() != PollDescriptor.seqOf(data)) {
                continue; // an event of a file closed since (Go: fdseq)
            }
            int mask = Epoll.mask(events, i);
            if ((mask & READ_EVENTS) != 0) {
                readied += pd.ready(PollDescriptor.READ, waker);
            }
            if ((mask & WRITE_EVENTS) != 0) {
                readied += pd.ready(PollDescriptor.WRITE, waker);
            }
        }
        return readied;
    }

    // ---------------------------------------------------------------- the table

    /** The descriptor for {@code fd}, made at its first wait. */
    private PollDescriptor descriptor(int fd) {
        PollDescriptor pd = existing(fd);
        return pd != null ? pd : create(fd);
    }

    /** The descriptor for {@code fd} if it was ever waited on, else null. */
    PollDescriptor existing(int fd) {
        PollDescriptor[] t = table;
        return fd >= 0 && fd < t.length ? (PollDescriptor) ELEMENT.getAcquire(t, fd) : null;
    }

    private synchronized PollDescriptor create(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("not a descriptor: " + fd);
        }
        PollDescriptor[] t = table;
        if (fd >= t.length) {
            t = Arrays.copyOf(t, Math.max(fd + 1, t.length * 2));
        } else if (t[fd] != null) {
            return t[fd];
        }
        PollDescriptor pd = new PollDescriptor(fd);
        ELEMENT.setRelease(t, fd, pd); // readers of the published array see null (and come here) or pd
        table = t;
        return pd;
    }

    // ---------------------------------------------------------------- lifecycle

    private boolean enter() {
        if (users.incrementAndGet() < 0) {
            exit();
            return false;
        }
        return true;
    }

    private void exit() {
        if (users.decrementAndGet() == CLOSED) {
            closeDescriptors();
        }
    }

    /** Wakes a blocking poller, then closes the epoll set and the eventfd once no call uses them. Pending waits are not woken. */
    @Override
    public void close() {
        wakePending.set(false);
        wakeBlocked();
        int before;
        do {
            before = users.get();
            if (before < 0) {
                return; // closed already
            }
        } while (!users.compareAndSet(before, before | CLOSED));
        if (before == 0) {
            closeDescriptors();
        }
    }

    private void closeDescriptors() {
        Epoll.close(wakeFd);
        Epoll.close(epfd);
    }

    @Override
    public String toString() {
        return "NetPoll[waiting=" + waiting.get() + " blocking=" + blocking.get() + "]";
    }
}
