package io.pal.spi;

/**
 * A backend's simulated world, for the shims that make the JDK's clocks and random generators
 * deterministic ({@link Backend#simulation()}). Every method answers for the calling thread: inside
 * a simulated run (a strand of it, or its carrier) it reads that run's virtual clock and seed;
 * anywhere else it answers as the JDK does. Called from code inlined into java.base on every
 * clock read, so each is a few field reads; never blocks; any thread.
 */
public interface Simulation {

    /** Whether the caller is inside a simulated run. */
    boolean inRun();

    /** {@code System.nanoTime()} as the caller should see it: the run's virtual clock inside a run. */
    long nanoTime();

    /** {@code System.currentTimeMillis()} as the caller should see it: the run's epoch plus its virtual time. */
    long currentTimeMillis();

    /**
     * A seed for a random generator the caller creates without one ({@code new Random()},
     * {@code Math.random}'s, a thread's {@code ThreadLocalRandom}): the next number of the run's own
     * seeded stream inside a run, so that the same seed draws the same numbers. Outside a run, a
     * value from the JDK's own entropy.
     */
    long nextSeed();
}
