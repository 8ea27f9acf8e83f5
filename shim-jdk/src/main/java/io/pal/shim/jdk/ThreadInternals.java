package io.pal.shim.jdk;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * The private parts of {@code java.lang.Thread} that a Thread started as a strand needs, reached once
 * through {@code MethodHandles.privateLookupIn} (java.lang is opened to pal: the agent does it, test
 * JVMs pass {@code --add-opens java.base/java.lang=ALL-UNNAMED}).
 * <ul>
 *   <li>{@code holder.threadStatus}, the JVM TI state word behind {@code getState()},
 *       {@code join(Duration)}'s "not started" check, {@code getThreadGroup()} and
 *       {@code getUncaughtExceptionHandler()} after termination, and {@code start()}'s "already
 *       started" check. The JVM reads it only for threads it runs, so for a Thread that never gets
 *       a native thread it is pal's to write: {@link #RUNNABLE} at start, {@link #TERMINATED} at the end.</li>
 *   <li>{@code holder.task}, the Runnable a Thread was made with (read only).</li>
 *   <li>{@code clearReferences()}: what the JDK drops when a thread exits (its thread-locals, its
 *       handler).</li>
 *   <li>{@code ApplicationShutdownHooks.hooks}: null once the shutdown hooks run.</li>
 * </ul>
 */
final class ThreadInternals {

    /** JVM TI ALIVE | RUNNABLE: what the JVM writes when a thread starts. */
    static final int RUNNABLE = 0x0001 | 0x0004;
    /** JVM TI TERMINATED. */
    static final int TERMINATED = 0x0002;

    private static final VarHandle HOLDER;
    private static final VarHandle THREAD_STATUS;
    private static final VarHandle TASK;
    private static final VarHandle SHUTDOWN_HOOKS;
    private static final MethodHandle CLEAR_REFERENCES;

    static {
        try {
            MethodHandles.Lookup thread = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            Class<?> holder = Class.forName("java.lang.Thread$FieldHolder");
            MethodHandles.Lookup fields = MethodHandles.privateLookupIn(holder, MethodHandles.lookup());
            HOLDER = thread.findVarHandle(Thread.class, "holder", holder);
            THREAD_STATUS = fields.findVarHandle(holder, "threadStatus", int.class);
            TASK = fields.findVarHandle(holder, "task", Runnable.class);
            CLEAR_REFERENCES = thread.findVirtual(Thread.class, "clearReferences", MethodType.methodType(void.class));
            Class<?> hooks = Class.forName("java.lang.ApplicationShutdownHooks");
            SHUTDOWN_HOOKS = MethodHandles.privateLookupIn(hooks, MethodHandles.lookup())
                    .findStaticVarHandle(hooks, "hooks", java.util.IdentityHashMap.class);
        } catch (ReflectiveOperationException | IllegalAccessError e) {
            throw new ExceptionInInitializerError(new IllegalStateException(
                    "pal.threadsAsStrands needs java.lang opened to pal (the agent does it; or "
                            + "--add-opens java.base/java.lang=ALL-UNNAMED)", e));
        }
    }

    private ThreadInternals() {
    }

    /** {@code t}'s JVM TI state word; 0 for a thread never started. */
    static int status(Thread t) {
        return (int) THREAD_STATUS.getVolatile(HOLDER.get(t));
    }

    static void setStatus(Thread t, int status) {
        THREAD_STATUS.setVolatile(HOLDER.get(t), status);
    }

    /** The Runnable {@code t} was made with, or null. */
    static Runnable task(Thread t) {
        return (Runnable) TASK.get(HOLDER.get(t));
    }

    /** What the JDK clears as a thread exits: thread-locals, inheritable ones, the handler. */
    static void clearReferences(Thread t) {
        try {
            CLEAR_REFERENCES.invokeExact(t);
        } catch (Throwable e) {
            throw new AssertionError("Thread.clearReferences failed", e);
        }
    }

    /** Whether the JVM has begun running its shutdown hooks (application hooks can no longer be added). */
    static boolean shutdownHooksRunning() {
        return SHUTDOWN_HOOKS.getVolatile() == null;
    }
}
