/**
 * Model checks of pal-api's channel protocols with Lincheck's model checker, on the threads
 * backend (a strand is then the Lincheck-managed thread itself, so the checker sees every switch).
 *
 * <h2>What is checked</h2>
 * Each test is one small scenario (two or three threads, a handful of operations) whose outcomes a
 * sequential channel allows: unbuffered hand-off keeps order and loses nothing; a close never
 * leaves a hand-off half done (a send completes exactly when a receiver took its element);
 * receivers drain a buffer before they see it closed, without loss or duplicate; each select fires
 * exactly one case; two selects facing each other (each sends on one channel and receives on the
 * other) meet exactly once; a select with a default loses nothing. The run queue of the coroutine
 * backend is checked in its own module, as a linearizable data structure
 * ({@code io.pal.coroutines.sched.RunQueueModelCheckTest}).
 *
 * <h2>Bounds</h2>
 * The default build explores 100 interleavings per scenario (about 10 s each on a 2-core machine);
 * {@code -Dpal.modelcheck=thorough} explores 20,000.
 *
 * <h2>What it cannot catch: a lost unpark</h2>
 * Lincheck lets {@code LockSupport.park} return spuriously, as its contract allows: a lone
 * {@code while (!flag) park()} is reported as a livelock after 50 spurious returns, not as a hang.
 * A protocol that parks in such a loop (every pal wait does) is therefore rescued by a spurious
 * return when an unpark is lost, and the checker sees nothing: with "unpark only a thread seen
 * parked" injected into the threads backend, a flag-and-unpark scenario still passed. So this
 * module checks safety (nothing lost, duplicated or done twice) and that every wait's condition
 * eventually holds, not that each wake-up is delivered. Park/unpark itself is not checked here: on
 * the threads backend it is {@code LockSupport} with no protocol of pal's own, and the coroutine
 * backend's permit protocol (a strand's state and permit, re-checked by the carrier after the
 * yield) runs inside continuations on carrier threads, which the checker cannot drive.
 */
package io.pal.modelcheck;
