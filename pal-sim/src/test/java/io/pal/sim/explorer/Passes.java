package io.pal.sim.explorer;

/** A program for the explorer's tests: it has no bug. */
public final class Passes {

    private Passes() {
    }

    public static void main(String[] args) {
        System.out.println("fine");
    }
}
