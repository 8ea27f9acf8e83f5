package io.pal.coroutines;

import io.pal.StrandState;
import io.pal.coroutines.sched.Carrier;
import io.pal.spi.RunnableTask;
import io.pal.spi.StrandStates;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

import jdk.internal.vm.ThreadContainer;

/**
 * A strand that is a {@code java.lang.VirtualThread} whose scheduler is pal's (ADR 0017): the JDK
 * parks it, unmounts it in {@code synchronized} and {@code Object.wait}, interrupts it, lists it in
 * its thread dumps and gives it its own thread-locals; pal decides where and when its continuation
 * runs, since the thread hands every "I am runnable" to the {@link Executor} it was made with
 * (pal's {@link io.pal.coroutines.sched.Scheduler}, or a group's carrier).
 *
 * <p>The strand is the thread's task (its body; or, for a {@link RunnableTask}, the program's own
 * {@code Runnable} is) and its uncaught-exception handler: the handler
 * field is how {@link #current()} finds the strand of the running virtual thread with one field
 * read and no thread-local (a thread-local map would cost every strand about 140 bytes). A program
 * that sets another handler on its strand's thread makes that thread look like a plain virtual
 * thread to pal (Pal.current() then adopts it); and what the body of a strand spawned as a
 * {@code Runnable} then throws goes to that handler, as a plain virtual thread's would: the
 * strand's joiners see it return.
 *
 * <p>States are the thread's own ({@code VirtualThread}'s table); this class adds none.
 */
final class VirtualStrand<T> extends PalStrand<T> implements Runnable, Thread.UncaughtExceptionHandler {

    /** {@code ThreadBuilders.newVirtualThread(Executor, String, int, Runnable)}: the JDK's own factory, with a scheduler. */
    private static final MethodHandle NEW_VIRTUAL_THREAD;
    /** {@code Thread.uncaughtExceptionHandler}, read without the getter's checks. */
    private static final VarHandle HANDLER;
    /** {@code VirtualThread.scheduler}: the strand's {@link VirtualThreadScheduler}, which knows its group. */
    private static final VarHandle SCHEDULER;
    /** {@code VirtualThread.carrierThread}: where the thread is mounted now, for dumps. */
    private static final VarHandle CARRIER_THREAD;
    /** {@code Thread.start(ThreadContainer)}: starts a thread in a container other than the root. */
    private static final MethodHandle START;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            Class<?> builders = Class.forName("java.lang.ThreadBuilders");
            NEW_VIRTUAL_THREAD = l.findStatic(builders, "newVirtualThread",
                    MethodType.methodType(Thread.class, Executor.class, String.class, int.class, Runnable.class));
            HANDLER = l.findVarHandle(Thread.class, "uncaughtExceptionHandler", Thread.UncaughtExceptionHandler.class);
            Class<?> vt = Class.forName("java.lang.VirtualThread");
            MethodHandles.Lookup vl = MethodHandles.privateLookupIn(vt, MethodHandles.lookup());
            CARRIER_THREAD = vl.findVarHandle(vt, "carrierThread", Thread.class);
            SCHEDULER = vl.findVarHandle(vt, "scheduler", Executor.class);
            START = l.findVirtual(Thread.class, "start", MethodType.methodType(void.class, ThreadContainer.class));
        } catch (ReflectiveOperationException | IllegalAccessError e) {
            throw new ExceptionInInitializerError(new IllegalStateException(
                    "pal's coroutines need --add-opens java.base/java.lang=ALL-UNNAMED (pal's agent and bin/pal run pass it)", e));
        }
    }

    /**
     * The virtual thread that is this strand. Immutable. The strand's only field of its own (every
     * byte here is in every parked strand): its id and name are the thread's, its backend and group
     * its scheduler's.
     */
    private final Thread thread;

    /**
     * A new strand whose thread runs on {@code scheduler} (the backend's, or a group's), made on the
     * spawning thread or strand (the thread inherits from it as any new Thread does). Not started.
     * An unnamed strand's thread is named "" (as a JDK virtual thread is): no name string per strand.
     */
    VirtualStrand(String name, Callable<T> task, VirtualThreadScheduler scheduler) {
        super(task instanceof RunnableTask ? null : task);
        this.thread = newVirtualThread(scheduler, name, task instanceof RunnableTask r ? r.task() : this);
        HANDLER.set(thread, this); // before start: published by Thread.start
    }

    /** The thread's id. */
    @Override
    public long id() {
        return thread.threadId();
    }

    /** The thread's name, or {@code "strand-" + id()} if it has none (the strand was given none). */
    @Override
    public String name() {
        String n = thread.getName();
        return n.isEmpty() ? "strand-" + id() : n;
    }

    /** The scheduler's backend. */
    @Override
    protected CoroutineBackend backend() {
        return ((VirtualThreadScheduler) SCHEDULER.get(thread)).backend();
    }

    private static Thread newVirtualThread(Executor scheduler, String name, Runnable body) {
        try {
            return (Thread) NEW_VIRTUAL_THREAD.invokeExact(scheduler, name, 0, body);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot make a virtual thread", e);
        }
    }

    /** The strand the caller is, if the caller is a virtual thread that is a strand of this kind; else null. */
    static VirtualStrand<?> current() {
        return of(Thread.currentThread());
    }

    /** The strand {@code t} is, if it is a virtual thread that is a strand of this kind (and names it still); else null. */
    static VirtualStrand<?> of(Thread t) {
        return t.isVirtual() && HANDLER.get(t) instanceof VirtualStrand<?> s && s.thread == t ? s : null;
    }

    /**
     * Spawner: starts the thread in the backend's {@link StrandContainer} (its scheduler gets its first
     * run). The container, not this strand, takes it out of the registry when the thread ends.
     */
    void start(StrandContainer container) {
        try {
            START.invokeExact(thread, (ThreadContainer) container);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot start a virtual thread", e);
        }
    }

    /**
     * The thread's task for a strand spawned with a {@code Callable} (one spawned as a
     * {@link RunnableTask} has that task as its thread's own, and no frame of pal's under it): calls
     * the body and holds its outcome, and nothing else, so that the frame under the strand's own code
     * is as small as it can be (it is compiled into every parked strand's stack chunk). The strand is
     * found again from the current thread after the body rather than kept in a local, so no value of
     * this frame is live across the body (measured: a parked strand's stack chunk 248 -> 232 B). The
     * container publishes the outcome and takes the strand out of the registry once the thread has
     * ended ({@link StrandContainer#onExit}).
     */
    @Override
    public void run() {
        Callable<T> body = takeTask();
        Object outcome;
        try {
            outcome = returned(body.call());
        } catch (Throwable e) {
            outcome = threw(e);
        }
        running().holdOutcome(outcome);
    }

    /** The strand the calling virtual thread is, even if the program replaced its handler (then by a walk of the registry). */
    private static VirtualStrand<?> running() {
        Thread t = Thread.currentThread();
        VirtualStrand<?> s = of(t);
        return s != null ? s : (VirtualStrand<?>) ((VirtualThreadScheduler) SCHEDULER.get(t)).backend().liveStrands().find(t);
    }

    /** The container, on the carrier, once the thread has ended after running {@link #run}: joiners get the outcome. */
    void ended() {
        publishHeldOutcome();
    }

    /**
     * What the thread's task threw. With no outcome held yet, that is the body of a strand spawned as
     * a {@link RunnableTask} (its thread's own task): the strand's failure, for its joiners. After
     * {@link #run} held one, only pal's own bookkeeping could have thrown: reported as any thread's.
     */
    @Override
    public void uncaughtException(Thread t, Throwable e) {
        if (!holdsOutcome()) {
            holdOutcome(threw(e));
            return;
        }
        Thread.UncaughtExceptionHandler h = Thread.getDefaultUncaughtExceptionHandler();
        if (h != null) {
            h.uncaughtException(t, e);
        } else {
            t.getThreadGroup().uncaughtException(t, e);
        }
    }

    @Override
    Thread thread() {
        return thread;
    }

    @Override
    Carrier carrier() {
        return CARRIER_THREAD.getOpaque(thread) instanceof Carrier c ? c : null;
    }

    @Override
    CarrierGroup group() {
        return SCHEDULER.get(thread) instanceof VirtualThreadScheduler v ? v.group() : null;
    }

    @Override
    String rawState() {
        return thread.toString();
    }

    @Override
    StackTraceElement[] stackTrace() {
        return thread.getStackTrace();
    }

    @Override
    public StrandState state() {
        if (isDone()) {
            return StrandState.DONE;
        }
        Thread.State s = thread.getState();
        return s == Thread.State.RUNNABLE && thread != Thread.currentThread() && carrier() == null
                ? StrandState.RUNNABLE : StrandStates.of(s);
    }

    @Override
    public void interrupt() {
        thread.interrupt();
    }

    @Override
    public boolean isInterrupted() {
        return thread.isInterrupted();
    }
}
