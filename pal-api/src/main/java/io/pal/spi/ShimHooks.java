package io.pal.spi;

import java.io.IOException;

/**
 * What shims call: the hooks through which unmodified blocking JDK code (Thread.sleep,
 * LockSupport, a socket's park, a blocking file read, Thread.start) reaches a backend whose strands
 * share carriers. A backend hands its hooks to every {@link Shim} it installs
 * ({@link Shim#install}); a shim depends on this interface and on nothing else of the backend.
 * Every method works on any thread: the hooks act only when {@link #currentSharesCarrier()} (or,
 * for the thread hooks, the thread in question) says they concern this backend, and otherwise
 * return at once so that the JDK does what it always does. The defaults are those of a backend
 * whose strands are threads of their own. The rules of {@code package-info.java} apply.
 */
public interface ShimHooks {

    /** {@link Backend#NO_TIMEOUT}, for shims: a descriptor wait without limit. */
    long NO_TIMEOUT = Backend.NO_TIMEOUT;

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
     * True when the caller's waits for a descriptor must go to {@link #awaitDescriptor} rather than
     * to the JDK's own poller: every strand that {@linkplain #currentSharesCarrier() shares its
     * carrier}, and also a strand that is a JDK virtual thread on this backend's carriers, whose
     * parks, sleeps and monitors the JDK serves itself but whose socket waits it would hand to
     * poller threads of its own (a system call per wait and a thread hop per readiness). shim-net
     * asks this at every park point of a socket or channel, so it must be cheap. Defaults to
     * {@link #currentSharesCarrier()}.
     */
    default boolean currentWaitsForDescriptors() {
        return currentSharesCarrier();
    }

    /**
     * Called once by shim-net, at the program's first socket call, on the thread that makes it, with
     * the shim's own setup (its hooks into the JDK): runs it, and makes whatever
     * {@link #awaitDescriptor} needs before its first wait (a netpoll, the classes of its path),
     * all as the backend's own bookkeeping. In a strand that matters: the setup loads classes, and a
     * class load reads a jar, a blocking call that would otherwise hand the carrier's work to a
     * spare; the first waits of strands on every carrier at once would bring a spare each.
     * Defaults to running {@code shimSetup}.
     */
    default void prepareDescriptorWaits(Runnable shimSetup) {
        shimSetup.run();
    }

    /**
     * {@code Thread.sleep} in a strand that {@linkplain #currentSharesCarrier() shares its carrier}:
     * {@link Backend#sleep}'s contract (a backend that implements both has one method for both).
     */
    void sleep(long nanos) throws InterruptedException;

    /** {@code Thread.yield} in such a strand: {@link Backend#yieldNow}'s contract. */
    void yieldNow();

    /**
     * {@code LockSupport.park} (or parkNanos/parkUntil) called by unmodified code: if the caller is
     * a strand of this backend that shares its carrier, suspend it instead of its thread and return
     * true; otherwise return false at once and the JDK parks the thread. Waits at most
     * {@code nanos} ({@link Backend#NO_TIMEOUT}: no limit). Like LockSupport, it may return spuriously, and
     * returns when the caller is interrupted (the status stays set). A strand that cannot unmount
     * (a native frame on its stack) blocks its carrier inside this call, still returning true.
     *
     * <p>j.u.c. records {@code Thread.currentThread()} as the waiter, which for such a strand is an
     * identity with no native thread of its own, so {@link #unparkThread} is how the matching
     * wakeup arrives. Never asked for a virtual thread: the JDK parks those itself.
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
     * a caller for which {@link #currentWaitsForDescriptors()} is true: shim-net calls it from the
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
        throw new UnsupportedOperationException("this backend leaves descriptor waits to the JDK");
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
