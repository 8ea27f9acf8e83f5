/**
 * Timers for sleep, timed park and every timeout.
 *
 * <h2>Structure</h2>
 * An indexed 4-ary min-heap ({@link io.pal.coroutines.timer.TimerHeap}): add, cancel and expire in
 * O(log n), each timer knowing its own slot, so cancel needs no search. A million queued timers
 * are about 24 MB of heap array plus the timers themselves; the test suite drains a million.
 * Rejected: a hierarchical wheel (O(1), but its granularity rounds deadlines and its cascades
 * make latency lumpy; worth it past tens of millions of timers), java.util.PriorityQueue (O(n)
 * cancel), ScheduledThreadPoolExecutor (a task object and a lock per timer, and O(log n) cancel
 * only with setRemoveOnCancelPolicy, which still searches).
 *
 * <h2>Who waits for the nearest deadline: a thread of its own</h2>
 * {@link io.pal.coroutines.timer.Timers} runs one daemon thread that parks until the earliest
 * deadline. Chosen over "an idle carrier waits on the nearest deadline" because: a carrier that is
 * busy running a CPU-bound strand would fire its timers late (there is no preemption), every
 * carrier's idle path would need to merge timer waits with its park and with the poller, and
 * expiring a timer only makes a strand runnable, which any thread can do. The cost is one thread
 * hop per expiry (a wake through the strand's home inbox), small next to the sleep itself. Per-
 * carrier heaps waited on by idle carriers are the natural next step once the monitor exists.
 *
 * <h2>Protocol "arm and cancel"</h2>
 * <ol>
 *   <li>arm: under the lock, drop a timer already cancelled, else add it; if it became the earliest,
 *       unpark the timer thread (whose LockSupport permit makes a wake-up between its look and its
 *       park count).</li>
 *   <li>cancel: under the lock, mark cancelled and remove if queued. Cancel may come before arm (a
 *       strand woken before its carrier armed the timer): arm then drops it.</li>
 *   <li>The thread takes every due timer off the heap under the lock and expires them outside it;
 *       an expiry only reads the deadline and wakes a strand, and a late or stale expiry is at worst
 *       a spurious wakeup, which park allows and sleep re-checks (sleep never returns early).</li>
 * </ol>
 */
package io.pal.coroutines.timer;
