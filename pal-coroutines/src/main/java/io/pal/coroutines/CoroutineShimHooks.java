package io.pal.coroutines;

import io.pal.coroutines.poll.NetPoll;
import io.pal.coroutines.sched.Carrier;
import io.pal.coroutines.sched.ThreadAccess;
import io.pal.spi.AtomicRegions;
import io.pal.spi.BlockingCall;
import io.pal.spi.ShimHooks;

import jdk.internal.vm.Continuation;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * The coroutine backend's side of every shim ({@link ShimHooks}): what unmodified blocking code
 * reaches through shim-jdk and shim-net, turned into the strand's own park, sleep, hand-off or
 * descriptor wait. The protocols are told in the package essays: "park" and "shims" here,
 * "blocking" in the sched essay, "wait" in the poll essay.
 */
final class CoroutineShimHooks implements ShimHooks {

    /** The backend the hooks act for. Immutable. */
    private final CoroutineBackend backend;
    /** Its threads run as strands. Immutable. */
    private final ThreadStrands threadStrands;
    /** How a descriptor wait parks its caller (a strand, or an adopted thread). Immutable. */
    private final LongConsumer parkForDescriptor;

    CoroutineShimHooks(CoroutineBackend backend, ThreadStrands threadStrands) {
        this.backend = backend;
        this.threadStrands = threadStrands;
        this.parkForDescriptor = new DescriptorPark(backend);
    }

    /**
     * How a descriptor wait parks: a coroutine strand on its own park; a virtual strand (or an
     * adopted thread) on LockSupport, untimed without a limit, so that a wait with no timeout arms
     * no timer. A class, not a method reference: one would spin a class at every start-up (ADR 0025).
     */
    private record DescriptorPark(CoroutineBackend backend) implements LongConsumer {
        @Override
        public void accept(long nanos) {
            CoroutineStrand<?> s = CoroutineStrand.current();
            if (s != null) {
                s.park(nanos);
            } else if (nanos == NO_TIMEOUT) {
                LockSupport.park();
            } else {
                backend.parkNanos(nanos);
            }
        }
    }

    /** A field read and a state read: true inside a strand, except while it blocks its carrier on purpose. */
    @Override
    public boolean currentSharesCarrier() {
        CoroutineStrand<?> s = CoroutineStrand.current();
        return s != null && s.sharesCarrier();
    }

    /**
     * Also true in a virtual strand (a pal strand, not any virtual thread) mounted on one of this
     * backend's carriers, unless it blocks the
     * carrier on purpose (a blocking section): its socket waits go to the netpoll too, where
     * the JDK would re-arm a one-shot registration per wait and wake it from a poller thread of its
     * own (protocol "wait" in the poll essay).
     */
    @Override
    public boolean currentWaitsForDescriptors() {
        Thread t = Thread.currentThread();
        if (!t.isVirtual()) {
            return currentSharesCarrier();
        }
        return VirtualStrand.of(t) != null && ThreadAccess.currentCarrier() instanceof Carrier c
                && c.scheduler() == backend.scheduler() && c.blockingCall() == null;
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
        backend.sleep(nanos);
    }

    @Override
    public void yieldNow() {
        backend.yieldNow();
    }

    /**
     * LockSupport.park in a strand: the strand's own park, with the same permit as the backend's
     * park (j.u.c. recorded the strand's identity as the waiter, and its unpark comes to
     * {@link #unparkThread}).
     */
    @Override
    public boolean parkThread(long nanos) {
        CoroutineStrand<?> s = CoroutineStrand.current();
        if (s == null) {
            return false;
        }
        s.park(nanos);
        return true;
    }

    /** LockSupport.unpark of a strand's (or a coroutine's) identity, which has no native thread: a permit for the strand. */
    @Override
    public void unparkThread(Thread thread) {
        if (thread instanceof StrandIdentity id) {
            id.unpark();
        } else {
            CoroutineStrand<?> s = threadStrands.of(thread);
            if (s != null) {
                s.unpark();
            }
        }
    }

    /** A blocking call in a strand (shim-jdk's advice on file I/O, Object.wait, ...): the carrier hands its other work away. */
    @Override
    public boolean beginBlocking(BlockingCall call) {
        CoroutineStrand<?> s = CoroutineStrand.current();
        if (s != null) {
            return s.enterBlocking(call);
        }
        return call != BlockingCall.OBJECT_WAIT && enterBlocking(call); // the JVM unmounts a virtual thread in Object.wait
    }

    @Override
    public boolean endBlocking() {
        CoroutineStrand<?> s = CoroutineStrand.current();
        if (s != null) {
            if (s.carrier().blockingCall() == null) {
                return false;
            }
            s.exitBlocking();
            return true;
        }
        return exitBlocking();
    }

    /**
     * Protocol "blocking" for a virtual strand about to block its carrier in {@code call}: the
     * carrier's other work is handed away, and the strand's continuation is pinned until the section
     * ends, so that a park inside the call (a lock the JDK takes there) waits on this carrier rather
     * than unmounting and ending the section on another one. False outside a virtual strand of this
     * backend, or inside pal's own bookkeeping; else pair it with {@link #exitBlocking()}.
     */
    private boolean enterBlocking(BlockingCall call) {
        Carrier c = backend.scheduler().currentCarrier();
        if (c == null || c == Thread.currentThread() || !c.enterHook()) {
            return false;
        }
        try {
            Continuation.pin();
            if (backend.scheduler().blockingBegins(c, call)) { // else nested: the outermost section handed off
                backend.handedOff(call);
            }
        } finally {
            c.exitHook();
        }
        return true;
    }

    /** Ends the innermost blocking section a virtual strand opened; the outermost records how long it blocked. */
    private boolean exitBlocking() {
        Carrier c = backend.scheduler().currentCarrier();
        if (c == null || c.blockingCall() == null) {
            return false;
        }
        boolean hook = c.enterHook();
        assert hook : "a blocking section ended inside pal's own bookkeeping";
        try {
            long since = c.blockingSince();
            if (backend.scheduler().blockingEnds(c) instanceof BlockingCall call) {
                backend.blocked(backend.current(), call, since);
            }
        } finally {
            Continuation.unpin();
            c.exitHook();
        }
        return true;
    }

    /**
     * Protocol "wait" in the poll package essay: the strand parks until a poll finds the descriptor
     * ready, {@link #descriptorClosing} is called for it, its time is up, or it is interrupted; an
     * adopted thread parks its thread the same way. Allocates nothing once the descriptor is known.
     */
    @Override
    public void awaitDescriptor(int fd, int event, long timeoutNanos) throws IOException {
        if (event != POLLIN && event != POLLOUT) {
            throw new IllegalArgumentException("event must be POLLIN (1) or POLLOUT (4), not " + event);
        }
        if (timeoutNanos <= 0 || Thread.currentThread().isInterrupted()) {
            return;
        }
        AtomicRegions.check(backend, "readiness wait");
        CoroutineStrand<?> s = CoroutineStrand.current();
        backend.netPoll().await(fd, event, s != null ? s : Thread.currentThread(), timeoutNanos, parkForDescriptor);
    }

    /**
     * The netpoll with the classes of a wait's path, then the shim's setup (in that order: the setup
     * publishes the shim's hooks, after which other strands' waits come straight here), inside one
     * blocking section: in a strand, the carrier's other work is handed away once for all of it
     * (cold, the netpoll's native linking alone takes some 100 ms), and the class loads inside, each
     * a read of pal's jar, nest in that section instead of handing work away one by one.
     */
    @Override
    public void prepareDescriptorWaits(Runnable shimSetup) {
        boolean section = beginBlocking(BlockingCall.FILE_IO);
        try {
            backend.netPoll();
            shimSetup.run();
        } finally {
            if (section) {
                endBlocking();
            }
        }
    }

    @Override
    public void descriptorClosing(int fd, int event) {
        NetPoll p = backend.netPollIfOpen();
        if (p != null && (event == POLLIN || event == POLLOUT)) {
            p.closing(fd, event);
        }
    }

    @Override
    public void descriptorReleased(int fd) {
        NetPoll p = backend.netPollIfOpen();
        if (p != null) {
            p.release(fd);
        }
    }

    /** A strand whose identity is {@code thread} itself (protocol "threads as strands"). */
    @Override
    public boolean startThread(Thread thread, Runnable body) {
        threadStrands.start(thread, body);
        return true;
    }

    /** Wakes the strand whose identity {@code thread} is, as {@link StrandIdentity#interrupt} does for its own. */
    @Override
    public void interruptThread(Thread thread) {
        CoroutineStrand<?> s = threadStrands.of(thread);
        if (s != null) {
            s.identityInterrupted(thread);
        }
    }

    @Override
    public Thread.State stateOfThread(Thread thread) {
        CoroutineStrand<?> s = threadStrands.of(thread);
        return s != null ? s.threadState() : null;
    }
}
