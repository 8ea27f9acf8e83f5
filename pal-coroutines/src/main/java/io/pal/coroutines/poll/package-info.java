/**
 * Readiness waits: the backend's {@code awaitReady}, on one java.nio Selector (epoll on Linux)
 * owned by one daemon thread.
 *
 * <h2>Protocols</h2>
 * <ol>
 *   <li><b>Wait.</b> A waiter creates a {@link io.pal.coroutines.poll.ReadinessWait} and hands it over
 *       through a queue plus {@code selector.wakeup()}; only the poller thread touches the selector,
 *       so registration never races a select. Several waits on one channel share its key: the
 *       attachment is the list of waits, the interest set their union.</li>
 *   <li><b>Ready.</b> After select, each wait whose ops intersect the ready set is completed with
 *       that intersection. Keys left without waiters are cancelled and flushed with selectNow
 *       before anyone is woken, so a woken waiter may put its channel back in blocking mode.</li>
 *   <li><b>Cancel.</b> A waiter that gives up (timeout, interrupt) queues a cancel and waits for the
 *       poller to complete the wait with 0 (or with the ops that became ready meanwhile).</li>
 *   <li><b>Close.</b> Closing a registered channel cancels its key but does not wake a select in
 *       progress (measured on JDK 25). While any wait is registered the poller therefore selects
 *       with a 20 ms bound and sweeps its keys: a closed channel's waits complete as ready for all
 *       their ops. A close is seen within about 20 ms; with no waits the poller blocks without
 *       bound (no idle CPU).</li>
 * </ol>
 *
 * <h2>Rejected, for now</h2>
 * An idle carrier waiting in epoll itself (saves the thread hop per readiness; needs the carrier
 * idle path to merge timers, wakeups and epoll, and JNR or a custom selector to be worth it), and
 * one selector per carrier (spreads the load, but strands are bound to carriers and the poller
 * hop is not the bottleneck yet).
 */
package io.pal.coroutines.poll;
