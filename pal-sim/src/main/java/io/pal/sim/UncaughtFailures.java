package io.pal.sim;

/**
 * A thread of a run that ends with an uncaught exception fails the run. The JDK hands such an
 * exception to the thread's handler, else its group's, which asks the default handler: pal sets a
 * default handler that records the failure in the run of the dying thread, then does what was
 * there before (the previous default handler, or the group's "Exception in thread" message).
 * A program that sets its own default handler, or one per thread, takes this over (say so in the
 * README: its uncaught exceptions then do not fail a run).
 */
final class UncaughtFailures implements Thread.UncaughtExceptionHandler {

    /** The default handler before pal's, or null. Immutable. */
    private final Thread.UncaughtExceptionHandler previous;

    private UncaughtFailures(Thread.UncaughtExceptionHandler previous) {
        this.previous = previous;
    }

    static synchronized void install() {
        if (!(Thread.getDefaultUncaughtExceptionHandler() instanceof UncaughtFailures)) {
            Thread.setDefaultUncaughtExceptionHandler(new UncaughtFailures(Thread.getDefaultUncaughtExceptionHandler()));
        }
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        if (e instanceof RunExit) {
            return; // the run has ended by System.exit: not a failure of this thread
        }
        SimRun run = SimRun.current();
        if (run != null) {
            run.failed("thread \"" + t.getName() + "\" ended with " + e);
        }
        if (previous != null) {
            previous.uncaughtException(t, e);
        } else {
            System.err.print("Exception in thread \"" + t.getName() + "\" ");
            e.printStackTrace(System.err);
        }
    }
}
