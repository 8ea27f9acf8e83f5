package io.pal.coroutines.poll;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * One descriptor number's readiness, as Go's {@code pollDesc}: a read slot and a write slot, used by
 * every wait on the descriptor and, after its close, by the next file that gets the number. Waits
 * allocate nothing. {@link NetPoll} keeps one per number it has seen.
 *
 * <pre>
 * Slot             meaning
 *   null           nothing: no waiter, no readiness seen since a wait last took it (Go's pdNil)
 *   READY          the event came and no wait has taken it yet (pdReady)
 *   CLOSING        the JDK is closing the descriptor, or shut it down for this event: every wait
 *                  returns at once until the number is released
 *   a waiter       the strand or thread parked for the event (Go's G)
 *
 * Transitions
 *   null    -> waiter    // a wait begins: CAS by the waiter
 *   READY   -> null      // a wait takes the readiness and returns at once: CAS by the waiter
 *   waiter  -> null      // the waiter gives up (its time is up, it is interrupted): CAS by the waiter
 *   waiter  -> READY     // the event: CAS by a poller, which then unparks the waiter, who takes it (READY -> null)
 *   null    -> READY     // the event with nobody waiting
 *   any     -> CLOSING   // closing: getAndSet by the closer, which unparks a waiter it replaced
 *   any     -> null      // released (the number's final close): getAndSet; the sequence was bumped first
 * </pre>
 *
 * A wait and an event that race end one way or the other, never both and never neither: whoever
 * CASes the waiter out of the slot decides. If the event wins, the waiter takes READY as it leaves
 * (the readiness is consumed once, by it); if the waiter wins, the event leaves READY for the next
 * wait. A waiter that gave up while the event's CAS won gets that event's unpark late: a spurious
 * return of its next park, which every park allows.
 */
final class PollDescriptor {

    /** The read slot ({@link Epoll#EPOLLIN}). */
    static final int READ = 0;
    /** The write slot ({@link Epoll#EPOLLOUT}). */
    static final int WRITE = 1;

    /** Slot value: the event came and nobody has taken it. */
    static final Object READY = new Object() {
        @Override
        public String toString() {
            return "READY";
        }
    };
    /** Slot value: the descriptor is closing (or shut down for the slot's event). */
    static final Object CLOSING = new Object() {
        @Override
        public String toString() {
            return "CLOSING";
        }
    };

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

    /** The descriptor number. Immutable. */
    final int fd;
    /** The read and write slots (see the table above). CAS or getAndSet only. */
    private final Object[] slots = new Object[2];
    /**
     * The number's generation, carried in every epoll event of its registration (Go's fdseq): a
     * release bumps it, so an event of the closed file that a poller reads late is dropped, not
     * delivered to the file that got the number next. Written under this object's monitor, read
     * by pollers.
     */
    private volatile int seq;
    /** Whether the current file is in the epoll set. Written under this object's monitor, read first without it. */
    private volatile boolean registered;

    PollDescriptor(int fd) {
        this.fd = fd;
    }

    int seq() {
        return seq;
    }

    boolean isRegistered() {
        return registered;
    }

    /** The epoll data of this number's current registration: the number and its generation. */
    long data() {
        return (long) seq << 32 | (fd & 0xffff_ffffL);
    }

    /** The number in an event's data. */
    static int fdOf(long data) {
        return (int) data;
    }

    /** The generation in an event's data. */
    static int seqOf(long data) {
        return (int) (data >>> 32);
    }

    /** Under this object's monitor: the file is (or is no longer) in the epoll set. */
    void setRegistered(boolean r) {
        assert Thread.holdsLock(this);
        registered = r;
    }

    /** Under this object's monitor, before a release: events of the registration so far are stale from now on. */
    void nextGeneration() {
        assert Thread.holdsLock(this);
        seq++;
    }

    Object slot(int which) {
        return SLOTS.getVolatile(slots, which);
    }

    // ---------------------------------------------------------------- the waiter's side

    /** Takes a readiness the slot holds (READY -> null). Returns whether there was one. */
    boolean takeReady(int which) {
        return SLOTS.compareAndSet(slots, which, READY, null);
    }

    /** Installs {@code waiter} in an empty slot (null -> waiter); false if the slot holds anything. */
    boolean install(int which, Object waiter) {
        return SLOTS.compareAndSet(slots, which, null, waiter);
    }

    /**
     * The waiter leaves: takes itself out if still there (it gave up), else takes the READY an
     * event put in its place. Returns whether it leaves with readiness.
     */
    boolean leave(int which, Object waiter) {
        if (SLOTS.compareAndSet(slots, which, waiter, null)) {
            return false;
        }
        return takeReady(which); // READY (the event won) or CLOSING (sticky): nothing else can replace a waiter
    }

    // ---------------------------------------------------------------- pollers and closers

    /**
     * The event for {@code which} came: READY, and the waiter it replaced, if any, is handed to
     * {@code waker}. Returns 1 if a waiter was woken, else 0. Any thread.
     */
    int ready(int which, Consumer<Object> waker) {
        while (true) {
            Object o = SLOTS.getVolatile(slots, which);
            if (o == READY || o == CLOSING) {
                return 0;
            }
            if (SLOTS.compareAndSet(slots, which, o, READY)) {
                if (o == null) {
                    return 0;
                }
                waker.accept(o);
                return 1;
            }
        }
    }

    /** The descriptor is closing for {@code which}: CLOSING, and a waiter it replaced is woken. */
    void closing(int which, Consumer<Object> waker) {
        wakeReplaced(SLOTS.getAndSet(slots, which, CLOSING), waker);
    }

    /** The number is released (its final close): both slots empty again, a waiter found there woken. */
    void clear(Consumer<Object> waker) {
        wakeReplaced(SLOTS.getAndSet(slots, READ, null), waker);
        wakeReplaced(SLOTS.getAndSet(slots, WRITE, null), waker);
    }

    private static void wakeReplaced(Object o, Consumer<Object> waker) {
        if (o != null && o != READY && o != CLOSING) {
            waker.accept(o);
        }
    }

    @Override
    public String toString() {
        return "PollDescriptor[fd=" + fd + " seq=" + seq + " registered=" + registered
                + " read=" + slot(READ) + " write=" + slot(WRITE) + "]";
    }
}
