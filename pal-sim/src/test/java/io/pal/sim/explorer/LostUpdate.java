package io.pal.sim.explorer;

/** A program for the explorer's tests: two threads increment a plain counter with a yield between read and write. */
public final class LostUpdate {

    private static int counter;

    private LostUpdate() {
    }

    public static void main(String[] args) throws InterruptedException {
        Runnable increment = () -> {
            int v = counter;
            Thread.yield();
            counter = v + 1;
        };
        Thread a = new Thread(increment);
        Thread b = new Thread(increment);
        a.start();
        b.start();
        a.join();
        b.join();
        System.out.println("counter " + counter);
        if (counter != 2) {
            throw new IllegalStateException("lost update: " + counter);
        }
    }
}
