package io.pal.sim;

import io.pal.PalConfigurationException;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;

/**
 * The few private parts of {@code java.lang.VirtualThread} the simulation reads: the constructor of
 * a builder whose threads run on an executor of ours, and three fields the carrier checks to know
 * that no wake-up is still on its way from the JDK's unblocker thread. Reached by reflection under
 * {@code --add-opens java.base/java.lang} (pal's agent opens it).
 */
final class VirtualThreads {

    private static final Class<?> VIRTUAL_THREAD;
    private static final MethodHandle NEW_BUILDER;
    /** {@code VirtualThread.state}, an int: the thread's state word. */
    private static final VarHandle STATE;
    /** {@code VirtualThread.onWaitingList}: true while the unblocker thread holds it. */
    private static final VarHandle ON_WAITING_LIST;
    /** {@code VirtualThread.runContinuation}: the task it gives its scheduler each time it can run. */
    private static final VarHandle RUN_CONTINUATION;
    /** {@code VirtualThread.scheduler}: the executor it runs on. */
    private static final VarHandle SCHEDULER;
    /** The value of {@code VirtualThread.UNBLOCKED}: unblocked, about to be handed to its scheduler. */
    static final int UNBLOCKED;
    /** The value of {@code VirtualThread.BLOCKED}: waiting to enter a monitor. */
    static final int BLOCKED;
    /** Why the JDK's private parts are out of reach, or null. */
    static final String UNAVAILABLE;

    static {
        Class<?> vt = null;
        MethodHandle builder = null;
        VarHandle state = null;
        VarHandle waiting = null;
        VarHandle run = null;
        VarHandle scheduler = null;
        int unblocked = -1;
        int blocked = -1;
        String why = null;
        try {
            vt = Class.forName("java.lang.VirtualThread");
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(vt, MethodHandles.lookup());
            state = l.findVarHandle(vt, "state", int.class);
            waiting = l.findVarHandle(vt, "onWaitingList", boolean.class);
            run = l.findVarHandle(vt, "runContinuation", Runnable.class);
            scheduler = l.findVarHandle(vt, "scheduler", Executor.class);
            unblocked = (int) l.findStaticVarHandle(vt, "UNBLOCKED", int.class).get();
            blocked = (int) l.findStaticVarHandle(vt, "BLOCKED", int.class).get();
            Class<?> b = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            builder = MethodHandles.privateLookupIn(b, MethodHandles.lookup())
                    .findConstructor(b, java.lang.invoke.MethodType.methodType(void.class, Executor.class));
        } catch (ReflectiveOperationException | IllegalAccessError | RuntimeException e) {
            why = "the sim backend needs java.lang.VirtualThread's private fields (JDK 25, with "
                    + "--add-opens java.base/java.lang=ALL-UNNAMED; bin/pal and pal's agent add it): " + e;
        }
        VIRTUAL_THREAD = vt;
        NEW_BUILDER = builder;
        STATE = state;
        ON_WAITING_LIST = waiting;
        RUN_CONTINUATION = run;
        SCHEDULER = scheduler;
        UNBLOCKED = unblocked;
        BLOCKED = blocked;
        UNAVAILABLE = why;
    }

    private VirtualThreads() {
    }

    /** A builder of virtual threads that run on {@code scheduler}. */
    static Thread.Builder.OfVirtual builder(Executor scheduler) {
        check();
        try {
            return (Thread.Builder.OfVirtual) NEW_BUILDER.invoke(scheduler);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot build virtual threads on a scheduler of pal's", e);
        }
    }

    /** The executor {@code t} runs on, or null if {@code t} is not a virtual thread. */
    static Executor scheduler(Thread t) {
        return VIRTUAL_THREAD != null && VIRTUAL_THREAD.isInstance(t) ? (Executor) SCHEDULER.get(t) : null;
    }

    static int state(Thread vt) {
        return (int) STATE.getVolatile(vt);
    }

    static boolean onWaitingList(Thread vt) {
        return (boolean) ON_WAITING_LIST.getVolatile(vt);
    }

    static Runnable runContinuation(Thread vt) {
        return (Runnable) RUN_CONTINUATION.get(vt);
    }

    /** The JDK's unblocker thread ({@code VirtualThread-unblocker}), found at first need. */
    private static volatile Thread unblocker;

    /**
     * Whether the JDK's unblocker thread is doing anything but waiting for its next list: between
     * taking a list from the VM and handing each thread on it to its scheduler, it first clears
     * the thread's {@code onWaitingList} flag and only then submits it, so that flag alone cannot
     * tell a carrier that a hand-off is still under way.
     */
    static boolean unblockerBusy() {
        Thread u = unblocker;
        if (u == null) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("VirtualThread-unblocker")) {
                    unblocker = u = t;
                }
            }
            if (u == null) {
                return false; // not started yet: no virtual thread has blocked on a monitor
            }
        }
        StackTraceElement[] stack = u.getStackTrace();
        return stack.length == 0 || !stack[0].getMethodName().equals("takeVirtualThreadListToUnblock");
    }

    private static void check() {
        if (UNAVAILABLE != null) {
            throw new PalConfigurationException(UNAVAILABLE);
        }
    }
}
