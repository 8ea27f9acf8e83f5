package io.pal.sim;

/**
 * One virtual thread of a simulated run, as the run keeps track of it: a strand spawned through
 * pal, a {@code Thread} the program started, or the run's root. Numbered in the order the run
 * started them, so that the trace hash and reports do not depend on the JVM's thread ids.
 */
final class SimThread {

    /** Its number in the run, from 1. Immutable. */
    final int number;
    /** The virtual thread. Immutable. */
    final Thread thread;
    /** Whether the run may end while it is still alive (as a daemon thread lets the JVM end). Immutable. */
    final boolean daemon;
    /** The task its virtual thread hands the scheduler each time it can run. Immutable. */
    final Runnable continuation;
    /** PCT's priority (higher runs first). Carrier only. */
    int priority;
    /** It yielded at a spin-wait ({@code Thread.onSpinWait}) and has not run since. Carrier only. */
    boolean spinning;
    /** Its body has ended (returned or thrown). Guarded by the run's scheduler. */
    boolean done;

    SimThread(int number, Thread thread, boolean daemon) {
        this.number = number;
        this.thread = thread;
        this.daemon = daemon;
        this.continuation = VirtualThreads.runContinuation(thread);
    }

    @Override
    public String toString() {
        return "\"" + thread.getName() + "\" #" + number + (daemon ? " daemon" : "");
    }
}
