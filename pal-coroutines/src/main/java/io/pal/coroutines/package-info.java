/**
 * The coroutine backend ({@code -Dpal.backend=coroutines}): strands as stackful coroutines on
 * {@code jdk.internal.vm.Continuation}, many per carrier thread.
 *
 * <p>Planned shape (issue 3), after Go's {@code proc.go} and tokio's multi-threaded scheduler:
 * <ul>
 *   <li>{@code Strand}: a continuation plus a state machine (NEW, RUNNABLE, RUNNING, PARKING, PARKED,
 *       DONE), documented at the top of its class; park/unpark keep a permit, as LockSupport does.</li>
 *   <li>{@code sched}: {@code pal.carriers} carriers, each with a bounded stealing run queue and a
 *       {@code runnext} slot, a global injection queue checked every 61st tick, idle carriers that
 *       sleep rather than spin.</li>
 *   <li>{@code timer}: one timer structure per carrier for sleep and every timeout, O(log n) cancel.</li>
 *   <li>{@code monitor}: Go's sysmon: a carrier stuck in one strand (pinned on a lock, blocked in
 *       native code, hogging the CPU) has its queued work handed to a spare carrier.</li>
 * </ul>
 * This module holds no code yet: until it does, {@code pal.backend=coroutines} fails at first use
 * with an error that lists the available backends.
 */
package io.pal.coroutines;
