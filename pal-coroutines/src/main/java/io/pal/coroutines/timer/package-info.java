/**
 * Timers for sleep, timed park and every timeout: a heap and its protocol, and no thread. Who
 * expires them is the scheduler's business: protocol "drive" in the sched package essay.
 *
 * <h2>Structure</h2>
 * An indexed 4-ary min-heap ({@link io.pal.coroutines.timer.TimerHeap}): add, cancel and expire in
 * O(log n), each timer knowing its own slot, so cancel needs no search. A million queued timers
 * are about 24 MB of heap array plus the timers themselves; the test suite drains a million.
 * {@link io.pal.coroutines.timer.Timers} guards one heap with one lock and publishes its size and
 * earliest deadline in two volatile fields, so that a carrier's look for due timers is two reads
 * and a clock read, with no lock.
 * Rejected: a hierarchical wheel (O(1), but its granularity rounds deadlines and its cascades
 * make latency lumpy; worth it past tens of millions of timers), java.util.PriorityQueue (O(n)
 * cancel), ScheduledThreadPoolExecutor (a task object and a lock per timer, and O(log n) cancel
 * only with setRemoveOnCancelPolicy, which still searches).
 *
 * <h2>One heap per scheduler, not one per carrier</h2>
 * Go and tokio keep a heap per P or worker, which spreads the lock and keeps a timer near the
 * strand that armed it. pal keeps one heap per scheduler, waited on by the one driving carrier:
 * a strand is not bound to a carrier (any carrier runs it), so a per-carrier heap would need its
 * timers stolen or merged whenever its carrier is busy, and the lock of one heap, taken once per
 * arm and once per cancel, has not shown up in a profile next to the park around it. Per-carrier
 * heaps with stealing (Go's) are the step to take if it does.
 *
 * <h2>Protocol "arm and cancel"</h2>
 * <ol>
 *   <li>arm: under the lock, drop a timer already cancelled, else add it; return whether it became
 *       the earliest (the scheduler then nudges its driver: protocol "drive").</li>
 *   <li>cancel: under the lock, mark cancelled and remove if queued. Cancel may come before arm (a
 *       strand woken before its carrier armed the timer): arm then drops it.</li>
 *   <li>expire: whoever expires (a carrier, the driver, the watchdog) takes every due timer off the
 *       heap under the lock and expires them outside it, on its own thread; several may expire at
 *       once, each what it took. An expiry only reads the deadline and wakes a strand, and a late
 *       or stale expiry is at worst a spurious wakeup, which park allows and sleep re-checks (sleep
 *       never returns early).</li>
 * </ol>
 */
package io.pal.coroutines.timer;
