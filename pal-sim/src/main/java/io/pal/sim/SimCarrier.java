package io.pal.sim;

import java.util.List;

/**
 * The one platform thread a run's virtual threads run on, and the run's scheduling loop: the
 * protocol "step" of the package essay. Carrier only, except where a field says otherwise.
 */
final class SimCarrier extends Thread {

    /** The run this carrier drives. Immutable. */
    final SimRun run;
    /** Steps taken. Carrier only (read by others once the run has ended). */
    private long steps;
    /** The trace hash so far. Carrier only (likewise). */
    private long trace;

    SimCarrier(SimRun run) {
        super("pal-sim-carrier-seed-" + run.config.seed());
        this.run = run;
        setDaemon(true);
    }

    @Override
    public void run() {
        Outcome o;
        try {
            o = loop();
        } catch (Throwable e) {
            o = outcome(Outcome.Kind.FAILED, "the simulation itself failed: " + e);
            e.printStackTrace();
        }
        run.scheduler.end();
        run.ended(o);
    }

    private Outcome loop() throws InterruptedException {
        SimScheduler s = run.scheduler;
        long budget = run.config.maxSteps();
        while (true) {
            SimScheduler.Task next;
            synchronized (s) {
                while (true) {
                    awaitHandOffs(s);
                    if (run.over()) {
                        return outcome(run.failure() == null ? Outcome.Kind.PASSED : Outcome.Kind.FAILED, run.failureOrEmpty());
                    }
                    List<SimScheduler.Task> runnable = s.runnable();
                    if (allSpinning(runnable) && s.advance()) {
                        // every strand that can run busy-waits for another: only a timer can change that
                        trace = SplitMix.mix(trace ^ s.elapsedNanos());
                        continue;
                    }
                    if (!runnable.isEmpty()) {
                        // in the run's own order, not arrival order: a hand-off from the JDK's
                        // unblocker thread may arrive before or after the carrier's own in one step
                        runnable.sort(SimScheduler.Task.ORDER);
                        next = runnable.remove(run.picker.pick(runnable, steps + 1));
                        break;
                    }
                    if (s.advance()) {
                        trace = SplitMix.mix(trace ^ s.elapsedNanos());
                        continue;
                    }
                    if (run.waitsForOutside()) {
                        s.wait(); // a strand of the run may be started or woken from outside it
                        continue;
                    }
                    return outcome(Outcome.Kind.DEADLOCK, run.deadlockReport());
                }
            }
            if (++steps > budget) {
                return outcome(Outcome.Kind.STEP_BUDGET, "exceeded the step budget of " + budget
                        + " steps (pal.sim.maxSteps) at virtual time " + s.elapsedNanos() / 1_000_000 + " ms");
            }
            trace = SplitMix.mix(trace ^ (next.thread() == null ? -1 : next.thread().number));
            if (next.thread() != null) {
                next.thread().spinning = false;
            }

            next.task().run();
            if (next.thread() == null || !next.thread().spinning) {
                // it did more than spin: every spinner must look again before time may move for it
                synchronized (s) {
                    for (SimScheduler.Task t : s.runnable()) {
                        if (t.thread() != null) {
                            t.thread().spinning = false;
                        }
                    }
                }
            }
        }
    }

    /** Whether some task can run and every one that can is a strand that yielded at a spin-wait. */
    private static boolean allSpinning(List<SimScheduler.Task> runnable) {
        if (runnable.isEmpty()) {
            return false;
        }
        for (SimScheduler.Task t : runnable) {
            if (t.thread() == null || !t.thread().spinning) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until no virtual thread of the run is in the JDK's unblocker thread's hands: a strand that
     * left a monitor another one waits to enter put that one on the unblocker's list, and it reaches
     * the runnable set from that thread. Picking before it arrives would make the choice depend on
     * the unblocker's timing; declaring a deadlock before it arrives would be wrong.
     */
    private void awaitHandOffs(SimScheduler s) throws InterruptedException {
        while (run.handOffPending()) {
            s.wait(1); // woken by execute when it arrives; the bound covers an unblock that found nothing to do
        }
    }

    private Outcome outcome(Outcome.Kind kind, String reason) {
        return new Outcome(kind, reason, run.config.seed(), steps, run.scheduler.elapsedNanos(), trace, run.exitCode());
    }
}
