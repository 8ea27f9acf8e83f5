package io.pal.spi;

import io.pal.BackendName;
import io.pal.Strand;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * What a backend implements: the porting contract. See {@code package-info.java} for the rules
 * every method follows (timeouts, interrupts, spurious wakeups, plain threads).
 *
 * <p>Every method that acts on "the caller" must work both when the caller is a strand of this
 * backend and when it is any other thread (the main thread, a JUnit worker, a thread from a
 * library's own pool): such a thread is adopted as a strand of its own by {@link #current()}.
 */
public interface Backend {

    /** Timeout value meaning "wait without limit". Any other value is a bound in nanoseconds. */
    long NO_TIMEOUT = Long.MAX_VALUE;

    /** This backend's name. */
    BackendName name();

    /**
     * True when the caller is a strand that shares its carrier thread with other strands, so that
     * a blocking JDK call made by unmodified code (Thread.sleep, a socket read) must go to this
     * backend instead of blocking the thread. Shims ask this on every intercepted call, so it must
     * be cheap (a field read). False on backends whose strands are threads of their own.
     */
    default boolean currentSharesCarrier() {
        return false;
    }

    /**
     * Starts a new strand that runs {@code task} and returns its handle. Never blocks. The new
     * strand inherits the caller's inheritable thread-locals as a new platform thread would.
     *
     * @param name the strand's name, or null for {@code "strand-" + id}
     */
    <T> Strand<T> spawn(String name, Callable<T> task);

    /** The caller's strand; a thread that is not a strand of this backend gets an adopted one. */
    Strand<?> current();

    /**
     * Suspends the caller until a permit is available, then consumes it (LockSupport's contract).
     * Returns at once if a permit is available. Also returns when the caller is interrupted (the
     * status stays set), and may return spuriously: callers re-check their condition in a loop.
     */
    void park();

    /**
     * As {@link #park()}, but returns after at most {@code nanos}. Zero or negative: returns at once
     * without waiting (and without consuming a permit, as LockSupport.parkNanos does).
     */
    void parkNanos(long nanos);

    /**
     * Makes a permit available to {@code strand} (at most one is kept), waking it if it is parked.
     * Never blocks; callable from any thread or strand, on a strand of this backend or an adopted
     * one; a no-op on a strand that has finished.
     */
    void unpark(Strand<?> strand);

    /**
     * Suspends the caller for at least {@code nanos} nanoseconds; never returns early. Zero or
     * negative: returns at once, after checking for an interrupt.
     *
     * @throws InterruptedException the caller was or becomes interrupted (its status is cleared)
     */
    void sleep(long nanos) throws InterruptedException;

    /**
     * {@code LockSupport.park} (or parkNanos/parkUntil) called by unmodified code: if the caller is
     * a strand of this backend that shares its carrier, suspend it instead of its thread and return
     * true; otherwise return false at once and the JDK parks the thread. Waits at most
     * {@code nanos} ({@link #NO_TIMEOUT}: no limit). Like LockSupport, it may return spuriously, and
     * returns when the caller is interrupted (the status stays set). A strand that cannot unmount
     * (a native frame on its stack) blocks its carrier inside this call, still returning true.
     *
     * <p>j.u.c. records {@code Thread.currentThread()} as the waiter, which for such a strand is an
     * identity with no native thread of its own, so {@link #unparkThread} is how the matching
     * wakeup arrives.
     */
    default boolean parkThread(long nanos) {
        return false;
    }

    /**
     * {@code LockSupport.unpark(thread)} is being called (the JDK's unpark still runs after this).
     * If {@code thread} is what {@code Thread.currentThread()} is inside a strand of a backend like
     * this one (an identity with no native thread), make a permit available to that strand, waking
     * it if it is parked. Must not block. Any thread.
     */
    default void unparkThread(Thread thread) {
    }

    /**
     * The caller is about to make {@code call}, which blocks its thread and cannot suspend a strand.
     * If the caller is a strand of a backend whose strands share carriers, the backend hands the
     * carrier's other work away at once (to a searching or sleeping carrier, or a spare when fewer
     * than {@code pal.carriers} would be left running), counts the hand-off by {@code call}, and
     * returns true: the caller must then call {@link #endBlocking()} when the call returns, however
     * it returns. Sections nest; only the outermost hands off. Returns false for any other caller,
     * and by default.
     */
    default boolean beginBlocking(BlockingCall call) {
        return false;
    }

    /**
     * Ends the innermost section {@link #beginBlocking} opened for the calling strand; the carrier
     * counts toward the parallelism again when the outermost ends. Returns false, doing nothing, if
     * the caller is not a strand of this backend in such a section (the default).
     */
    default boolean endBlocking() {
        return false;
    }

    /**
     * A new coroutine (see {@link io.pal.coroutine.Coroutine} for the contract). The default runs
     * the body in a strand of its own and hands the turn back and forth with park/unpark, which is
     * correct on any backend; a backend that can run a continuation on the resumer's own strand
     * should override it, extending {@link io.pal.coroutine.AbstractCoroutine} (the shared state
     * machine) with its own step.
     */
    default <I, O> io.pal.coroutine.Coroutine<I, O> newCoroutine(io.pal.coroutine.Coroutine.Body<I, O> body) {
        return new io.pal.coroutine.HandoffCoroutine<>(this, body);
    }

    /** Gives other runnable strands a chance to run on the caller's carrier or core. May return at once. */
    void yieldNow();

    // ---------------------------------------------------------------- groups and atomic regions

    /**
     * A new strand group (see {@link io.pal.group.StrandGroup} for the contract): strands spawned in
     * it never run in parallel with each other, and each run of one happens-before the next run of
     * any. A backend must make every suspension of a member through it (park, parkNanos, sleep,
     * yieldNow and awaitDescriptor, with a positive timeout) a point where another member may run, and
     * nothing else. Never blocks.
     *
     * @throws UnsupportedOperationException the default: this backend has no groups
     */
    default io.pal.group.StrandGroup newGroup(String name) {
        throw new UnsupportedOperationException("the " + name().id() + " backend has no strand groups");
    }

    /** The group the caller was spawned in, or null if it was not spawned in one (or is not a strand). */
    default io.pal.group.StrandGroup currentGroup() {
        return null;
    }

    /**
     * The caller enters an atomic region ({@link io.pal.Pal#atomic}); nestable. Until the matching
     * {@link #exitAtomic}, every call of this backend that could suspend the caller throws
     * {@link AtomicRegions#refused} at once, before it changes any state: {@link #park()},
     * {@link #parkNanos} and {@link #sleep} with a positive time, {@link #yieldNow()}, and
     * {@link #awaitDescriptor} with a positive timeout. Calls that cannot wait (a zero or negative time)
     * behave as usual. The defaults keep the depth in {@link AbstractStrand} or {@link AdoptedStrand};
     * the backend's suspending calls must check it.
     */
    default void enterAtomic() {
        AtomicRegions.enter(current());
    }

    /**
     * Ends one {@link #enterAtomic}.
     *
     * @throws IllegalStateException if the caller is not inside an atomic region
     */
    default void exitAtomic() {
        AtomicRegions.exit(current());
    }

    /** Whether the caller is inside an atomic region. Cheap: a field read after {@link #current()}. */
    default boolean inAtomic() {
        return AtomicRegions.inside(current());
    }

    /** Tests and clears the caller's interrupt status, as {@code Thread.interrupted()} does for threads. */
    boolean interrupted();

    // ---------------------------------------------------------------- descriptor waits

    /** poll(2)'s POLLIN, the event the JDK's own park points pass for a read or an accept. */
    int POLLIN = 0x001;
    /** poll(2)'s POLLOUT, the event the JDK's own park points pass for a write or a connect. */
    int POLLOUT = 0x004;

    /**
     * Waits until the file descriptor {@code fd} is ready for {@code event} ({@link #POLLIN} or
     * {@link #POLLOUT}), the timeout elapses, the caller is interrupted, or {@link #descriptorClosing}
     * ends the wait. It does not say which: as the JDK's own park points, the caller retries its
     * non-blocking I/O call and checks its deadline, its interrupt status and whether its socket is
     * still open. Spurious returns are allowed. An interrupted caller returns at once with its status
     * still set.
     *
     * <p>This is the wait the JDK gives a virtual thread ({@code sun.nio.ch.Poller.poll}), offered to
     * a strand that {@linkplain #currentSharesCarrier() shares a carrier}: shim-net calls it from the
     * JDK's park points in its sockets and selectable channels, so a socket or channel parks the
     * strand whoever created it. On the coroutine backend the strand is suspended and its carrier is
     * free; a caller that is not a strand of the backend blocks its thread. The descriptor is the
     * JDK's, in non-blocking mode, and stays open during the wait: a JDK socket closed while someone
     * waits on it keeps its number until the last waiter has left, and tells the backend first.
     * At most one caller waits on a descriptor for one event at a time (the JDK's read and write
     * locks serialise them).
     *
     * @param timeoutNanos {@link #NO_TIMEOUT} to wait without limit; zero or negative returns at once
     * @throws IOException the readiness registration itself failed
     * @throws UnsupportedOperationException the default: on backends whose strands are threads the
     *         JDK's own waits serve, and shim-net never calls this
     */
    default void awaitDescriptor(int fd, int event, long timeoutNanos) throws IOException {
        throw new UnsupportedOperationException("the " + name().id() + " backend leaves descriptor waits to the JDK");
    }

    /**
     * {@code fd} is being closed, or shut down for {@code event}, by the JDK (its sockets and channels
     * report this to their poller as {@code Poller.stopPoll}): the {@link #awaitDescriptor} waiting on
     * it for that event, if any, returns promptly. Never blocks; callable from any thread; does
     * nothing if nobody waits.
     */
    default void descriptorClosing(int fd, int event) {
    }

    /**
     * The JDK is about to close {@code fd} for good (a socket's or channel's final close, or a
     * selector's epoll descriptor), after every caller of {@link #awaitDescriptor} on it has left:
     * a backend that keeps a registration per descriptor number drops it now, before the number can
     * be given to a new file. Called for every such close, by any thread, whether anyone ever waited
     * on the descriptor or not; never blocks.
     */
    default void descriptorReleased(int fd) {
    }

    // ---------------------------------------------------------------- threads as strands

    /**
     * {@code thread.start()} under {@code pal.threadsAsStrands}: starts a strand in which
     * {@code Thread.currentThread()} is {@code thread} itself, an unstarted Thread (its name,
     * daemon status, inheritable thread-locals and context class loader are those it was made
     * with), and which runs {@code body} (the caller's: the thread's {@code run()} and what must
     * follow it). Returns false, starting nothing, if this backend leaves threads to the JDK (the
     * default: backends whose strands are threads). Never blocks; any thread.
     *
     * <p>Once it returns true, {@link #unparkThread}, {@link #interruptThread} and
     * {@link #stateOfThread} of {@code thread} reach the strand until its body has ended.
     */
    default boolean startThread(Thread thread, Runnable body) {
        return false;
    }

    /**
     * {@code thread.interrupt()} has set {@code thread}'s interrupt status: if it is the identity of
     * a strand {@link #startThread} started, wake that strand if it is parked or asleep (no permit),
     * as an interrupt wakes a thread. Never blocks; any thread.
     */
    default void interruptThread(Thread thread) {
    }

    /**
     * What {@code thread.getState()} should say of a thread that {@link #startThread} started and
     * whose body has not ended: {@code WAITING} or {@code TIMED_WAITING} while its strand is
     * suspended, the state of the carrier thread running it otherwise (so a strand blocked in a
     * {@code synchronized} enter is {@code BLOCKED}). Null for any other thread. Any thread.
     */
    default Thread.State stateOfThread(Thread thread) {
        return null;
    }

    // ---------------------------------------------------------------- simulation

    /**
     * The simulated world whose clock and seed the shims give the JDK's time and random sources
     * ({@link Simulation}), or null (the default) on a backend that runs on real time. A shim that
     * finds it non-null rewrites the JDK's clock reads for the whole JVM; each read then asks it.
     */
    default Simulation simulation() {
        return null;
    }
}
