/**
 * Readiness waits: the netpoll, the one readiness system of the coroutine backend, which the
 * carriers poll (no thread of its own), and which the backend's {@code awaitDescriptor} waits on.
 *
 * <h2>Descriptor waits (the JDK's own sockets and channels): the netpoll</h2>
 * A strand that waits in a socket or channel of the JDK's (one a plain thread made, a blocking
 * SocketChannel, a Pipe, a DatagramChannel, a Selector's epoll descriptor) reaches the backend as a
 * raw descriptor through {@code awaitDescriptor}: shim-net's advice at the JDK's virtual-thread park
 * points hands over the descriptor and the poll(2) event, for every strand, a virtual strand
 * included (ADR 0028: the JDK's poller would cost an epoll_ctl per wait). {@link io.pal.coroutines.poll.NetPoll} is
 * Go's netpoll: one epoll set (called through the Foreign Function &amp; Memory API:
 * {@link io.pal.coroutines.poll.Epoll}, ADR 0014), one {@link io.pal.coroutines.poll.PollDescriptor}
 * per descriptor number with a read slot and a write slot (Go's {@code pollDesc}; its class comment
 * has the slot states), and no thread of its own: idle carriers poll it, and the scheduler's watchdog
 * when nobody has for 10 ms. Protocols:
 * <ol>
 *   <li><b>Register.</b> At the first wait on a file, its number is added to the set once, for both
 *       directions, edge-triggered ({@code EPOLLIN|EPOLLOUT|EPOLLRDHUP|EPOLLET}), with the number and
 *       its generation as the event's data. epoll_ctl is safe against an epoll_wait in progress and
 *       an edge-triggered registration reports a file that is ready already, so registration wakes
 *       nobody, and no later wait makes a system call to wait.</li>
 *   <li><b>Wait.</b> The waiter takes a READY its slot holds and returns (the event came since the
 *       last wait), else puts itself in the slot (one CAS) and parks until the slot no longer holds
 *       it, its time is up (the park's own timer) or it is interrupted; leaving, it takes itself out
 *       or, if an event replaced it meanwhile, takes that READY. Nothing is allocated.</li>
 *   <li><b>Ready.</b> A poll reads events; each one whose generation is the number's current one
 *       makes its slots READY (in, peer shutdown, hang-up or error for the read slot; out, hang-up
 *       or error for the write slot) and unparks the waiter it replaced. A readiness nobody waited
 *       for stays READY for the next wait; the caller retries its I/O either way, as the JDK's park
 *       points expect, so a READY left by data already read costs one retry, never a lost wakeup.</li>
 *   <li><b>Close.</b> The JDK tells its poller when it closes or shuts down a descriptor someone
 *       waits on ({@code Poller.stopPoll}); shim-net passes that on as {@code descriptorClosing},
 *       which makes the slot CLOSING and unparks its waiter: both slots, at once, for a close. Later
 *       waits return at once.</li>
 *   <li><b>Release.</b> A registration outlives the wait, so the netpoll must hear of every final
 *       close, not only of those someone waited through: the kernel gives a closed number to the
 *       next file, and a descriptor still marked registered would never add it. shim-net's advice
 *       at {@code UnixDispatcher.close} (every socket, channel and pipe) and
 *       {@code EPollSelectorImpl.implClose} (a selector's epoll descriptor) calls
 *       {@code descriptorReleased} before the close: the registration is deleted, the generation
 *       bumped (an event of the old file that a poller reads late is dropped: Go's fdseq), and both
 *       slots emptied. The descriptor object stays for the next file with that number.</li>
 *   <li><b>Idle poll</b> (protocol "drive" in the sched package essay has the carrier's side). A
 *       carrier out of work polls without blocking before it sleeps; the strands it finds ready are
 *       woken on it, so they land in its own runnext slot and run queue. The driving carrier sleeps
 *       blocked in epoll_wait, with the earliest timer's deadline as its timeout, instead of on its
 *       lock; a waker that needs it writes the netpoll's eventfd (Go's netpollBreak), at most once
 *       until the blocked poller has read it. Only that poller reads the eventfd: it is
 *       level-triggered, so non-blocking polls that see it leave it for the blocked one.</li>
 *   <li><b>Fallback.</b> If nobody has polled for 10 ms while something waits (every carrier busy),
 *       the watchdog's tick polls without blocking; the strands it wakes go to the readied queue (Go's
 *       sysmon).</li>
 * </ol>
 *
 * <h2>Rejected</h2>
 * A second readiness system for SelectableChannels (a java.nio Selector owned by a poller thread,
 * which served the SPI's {@code awaitReady} and {@code channelClosed} until the driver of ADR
 * 0020): only tests called it, it ran a thread beside the carriers, and every socket a strand uses
 * reaches the netpoll through its descriptor. The SPI lost both methods with it.
 *
 * Poller threads for descriptor waits, one per event with a one-shot registration re-armed by
 * every wait (the JDK's {@code sun.nio.ch.Poller}, and pal's until ADR 0014): a system call per wait
 * to register and one more to wait, a thread hop per readiness, and a table entry allocated per wait.
 *
 * <h2>Rejected, for now</h2>
 * One epoll set per carrier (spreads the load, but any carrier runs any strand and one set has not
 * been the bottleneck).
 */
package io.pal.coroutines.poll;
