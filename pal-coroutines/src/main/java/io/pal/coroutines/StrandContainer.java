package io.pal.coroutines;

import io.pal.coroutines.sched.Carrier;

import jdk.internal.vm.ThreadContainer;
import jdk.internal.vm.ThreadContainers;

import java.util.stream.Stream;

/**
 * The JDK thread container a backend's virtual strands are started in (ADR 0017), whose list of
 * threads is the backend's own {@link StrandRegistry}. Started with {@code Thread.start()}, a
 * virtual thread joins the JDK's root container, which keeps a {@code ConcurrentHashMap} node (32
 * bytes) per thread so that thread dumps can find it; the registry already holds every strand, so a
 * strand started here pays for one registry, not two. The container is registered with
 * {@code ThreadContainers}, so {@code jcmd <pid> Thread.dump_to_file} lists it (a child of the root)
 * and every strand in it.
 *
 * <p>The JDK calls {@link #onExit} on the carrier once the thread has terminated (its continuation is
 * done; or on the starter, when the start failed): that is where a strand leaves the registry, and
 * where the outcome the body held is published to joiners ({@code AbstractStrand.publishHeldOutcome}):
 * the strand's own body runs under one small frame that only stores its outcome, and the frame
 * sizes of the wake-up and bookkeeping code are in no parked strand's stack chunk.
 */
final class StrandContainer extends ThreadContainer {

    /** The backend whose strands these are. Immutable. */
    private final CoroutineBackend backend;
    /** Its name in dumps. Immutable. */
    private final String name;
    /** The key that deregisters it from the JDK's list of containers. Immutable. */
    private final Object key;

    StrandContainer(CoroutineBackend backend, String name) {
        super(true); // shared: no owner, any thread may start threads in it
        this.backend = backend;
        this.name = name;
        this.key = ThreadContainers.registerContainer(this);
    }

    @Override
    public String name() {
        return name;
    }

    /** The virtual threads of the backend's live strands (identity strands are not virtual threads, and not listed). */
    @Override
    public Stream<Thread> threads() {
        return backend.liveStrands().snapshot().stream()
                .filter(s -> s instanceof VirtualStrand<?>)
                .map(PalStrand::thread)
                .filter(Thread::isAlive);
    }

    /** A strand joined the registry in {@code spawn}, before its thread started: nothing to add. */
    @Override
    protected void onStart(Thread thread) {
    }

    /**
     * The thread terminated (or failed to start): its strand leaves the registry, then, if its body
     * ran (the thread ended on a carrier: a failed start ends on the starter), the outcome the body
     * held goes to its joiners. So a joiner sees the strand's thread terminated and out of the registry.
     */
    @Override
    protected void onExit(Thread thread) {
        VirtualStrand<?> s = VirtualStrand.of(thread);
        if (s == null && backend.liveStrands().find(thread) instanceof VirtualStrand<?> f) {
            s = f;
        }
        backend.strandEnded(s);
        if (Thread.currentThread() instanceof Carrier c) {
            c.virtualStrandEnded();
            if (s != null) {
                s.ended();
            }
        }
    }

    /** The backend is closed: the container leaves the JDK's list. */
    void close() {
        ThreadContainers.deregisterContainer(key);
    }
}
