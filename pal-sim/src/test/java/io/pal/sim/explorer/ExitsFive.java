package io.pal.sim.explorer;

/** A program for the explorer's tests: it fails under every seed, by its exit status. */
public final class ExitsFive {

    private ExitsFive() {
    }

    public static void main(String[] args) {
        System.exit(5);
    }
}
