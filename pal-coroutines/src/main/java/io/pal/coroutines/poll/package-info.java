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
 *       progress, and the channel keeps its descriptor until the selector deregisters the key
 *       (measured on JDK 25). So the closer reports the close ({@code Backend.channelClosed}, which
 *       shim-net calls after closing a socket): (1) the channel is queued and the selector woken;
 *       (2) the poller takes the channel's key out of its table, completes each of its waits as
 *       ready for all their ops, and cancels the key; (3) it flushes the key with selectNow, which
 *       lets the channel close its descriptor; (4) it wakes the waiters, whose next I/O call throws
 *       the channel's exception. A wait whose registration reaches the poller after the close finds
 *       the channel closed when it registers and completes the same way; one registered before is
 *       found in step 2, since the report is queued only after the close. Nothing is timed, so the
 *       poller blocks in select without bound and uses no CPU while idle. This is what Go's netpoll
 *       ({@code poll_runtime_pollUnblock}) and the JDK's own {@code sun.nio.ch.Poller}
 *       ({@code stopPoll}) do: the closer tells the poller. A channel closed without the report
 *       keeps its waits until they time out or are cancelled.</li>
 * </ol>
 *
 * <h2>Rejected</h2>
 * A timed sweep for closed channels (select with a 20 ms bound while anything is registered, then
 * walk every key): a close was seen up to 20 ms late, the poller woke fifty times a second while
 * any strand waited, and each sweep walked every registered key, so its cost grew with the number
 * of connections.
 *
 * <h2>Rejected, for now</h2>
 * An idle carrier waiting in epoll itself (saves the thread hop per readiness; needs the carrier
 * idle path to merge timers, wakeups and epoll, and JNR or a custom selector to be worth it), and
 * one selector per carrier (spreads the load, but strands are bound to carriers and the poller
 * hop is not the bottleneck yet).
 */
package io.pal.coroutines.poll;
