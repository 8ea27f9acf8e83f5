package io.pal.group;

/**
 * What a backend implements to have strand groups: {@link io.pal.Pal#newGroup} and
 * {@link StrandGroup#current()} ask the active backend through it, and a backend without it has
 * none ({@code Pal.newGroup} then throws UnsupportedOperationException naming the backend). It lives
 * here, not in the SPI package, so that the SPI names no feature package (ADR 0022); the rules of
 * the SPI's {@code package-info.java} apply.
 */
public interface GroupSupport {

    /**
     * A new strand group (see {@link StrandGroup} for the contract): strands spawned in it never run
     * in parallel with each other, and each run of one happens-before the next run of any. The
     * backend must make every suspension of a member through it (park, parkNanos, sleep, yieldNow and
     * a descriptor wait, with a positive timeout) a point where another member may run, and nothing
     * else. Never blocks.
     */
    StrandGroup newGroup(String name);

    /** The group the caller was spawned in, or null if it was not spawned in one (or is not a strand). */
    StrandGroup currentGroup();
}
