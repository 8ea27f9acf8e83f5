package io.pal.coroutines;

import io.pal.Strand;
import io.pal.coroutines.sched.Carrier;
import io.pal.group.StrandGroup;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A strand group on the coroutine backend: every member is bound to one carrier from spawn on, so
 * at most one member runs at any moment (a carrier thread runs one strand at a time) and each run
 * happens-before the next (program order on that thread). No lock, no extra switch: a member that
 * suspends frees the carrier like any strand, and the carrier runs whatever is runnable next,
 * members and other strands bound to it alike.
 *
 * <p>The carrier is chosen when the group is created, round robin over the backend's carriers
 * ({@link CoroutineBackend#newGroup}): at that moment nothing is known about how busy each group
 * will be, and round robin spreads groups evenly by count. Rejected: least-loaded at creation
 * (queue lengths then say nothing about the group's later load, and bound strands never move to
 * correct a bad guess).
 *
 * <p>Costs: a member that blocks its carrier (a native frame, a contended monitor, an unrouted
 * blocking call) stops the whole group; a busy group shares its
 * carrier with the unbound strands that started there.
 */
final class CarrierGroup implements StrandGroup {

    /** The backend that owns the carrier. Immutable. */
    private final CoroutineBackend backend;
    /** The group's name. Immutable. */
    private final String name;
    /** Every member's home. Immutable. */
    private final Carrier carrier;
    /** Hands members' continuations to {@link #carrier} only. Immutable. */
    private final VirtualThreadScheduler executor;

    CarrierGroup(CoroutineBackend backend, String name, Carrier carrier) {
        this.backend = backend;
        this.name = name;
        this.carrier = carrier;
        this.executor = new VirtualThreadScheduler(backend, carrier.scheduler().boundTo(carrier), carrier.scheduler(), this);
    }

    @Override
    public String name() {
        return name;
    }

    /** The carrier every member runs on. */
    Carrier carrier() {
        return carrier;
    }

    /** Where a member's virtual thread goes whenever it becomes runnable: the carrier's inbox. */
    VirtualThreadScheduler executor() {
        return executor;
    }

    @Override
    public <T> Strand<T> spawn(String strandName, Callable<T> task) {
        return backend.spawn(strandName, Objects.requireNonNull(task, "task"), this);
    }

    @Override
    public String toString() {
        return "CarrierGroup[" + name + " on " + carrier.getName() + "]";
    }
}
