package io.pal.sim;

/**
 * Thrown by {@code System.exit} inside a run of the explorer, which runs many in one JVM: the run
 * has ended with that status, and this unwinds the thread that called it instead of ending the JVM.
 * Its other threads never run again. No stack trace: it is not an error of the program.
 */
final class RunExit extends Error {

    RunExit(int status) {
        super("System.exit(" + status + ") ended this simulated run", null, false, false);
    }
}
