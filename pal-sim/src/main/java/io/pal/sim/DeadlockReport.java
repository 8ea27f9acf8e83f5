package io.pal.sim;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The report of a run in which nothing can run and no timer is pending while a non-daemon thread
 * is alive: every live thread of the run, what it waits on, and its stack. A virtual thread's stack
 * and state are the JDK's own ({@code getStackTrace} works on an unmounted one): a monitor enter
 * shows as BLOCKED, {@code Object.wait} as WAITING in {@code Object.wait0}, a j.u.c. wait as a park
 * with its blocker (the lock or condition).
 */
final class DeadlockReport {

    private DeadlockReport() {
    }

    static String of(List<SimThread> live) {
        StringBuilder b = new StringBuilder("deadlock: no strand can run and no timer is pending; ")
                .append(live.size()).append(live.size() == 1 ? " strand" : " strands").append(" waiting");
        for (SimThread t : live) {
            b.append("\n  ").append(t).append(" ").append(t.thread.getState()).append(waitsOn(t.thread));
            for (StackTraceElement e : t.thread.getStackTrace()) {
                if (isMachinery(e.getClassName())) {
                    continue; // how pal started or parks the thread, not the program's
                }
                b.append("\n      at ").append(e);
            }
        }
        return b.toString();
    }

    /** A frame of pal's or of the JDK's machinery for starting, joining and parking a thread. */
    private static boolean isMachinery(String className) {
        return className.startsWith("io.pal.sim.") && className.indexOf('.', "io.pal.sim.".length()) < 0 // the package, not below
                || className.startsWith("io.pal.shim.") || className.startsWith("jdk.internal.reflect.")
                || className.equals("java.lang.reflect.Method") || className.equals("java.lang.VirtualThread");
    }

    /** What the stack's top says it waits on. */
    private static String waitsOn(Thread t) {
        Object blocker = LockSupport.getBlocker(t);
        if (blocker != null) {
            return " parked on " + blocker.getClass().getName();
        }
        return switch (t.getState()) {
            case BLOCKED -> " entering a monitor (synchronized)";
            case WAITING, TIMED_WAITING -> inWait(t) ? " in Object.wait" : " parked";
            default -> "";
        };
    }

    private static boolean inWait(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals("java.lang.Object") && e.getMethodName().startsWith("wait")) {
                return true;
            }
        }
        return false;
    }
}
