/**
 * java.net.Socket and ServerSocket I/O that suspends the calling strand instead of blocking the
 * carrier it shares with other strands.
 *
 * <h2>Why a SocketImpl of pal's own</h2>
 * The JDK's {@code sun.nio.ch.NioSocketImpl} holds a ReentrantLock (its read or write lock) across
 * its blocking wait. A coroutine must never yield while it owns an AQS lock: the lock records the
 * carrier as owner, so another strand on that carrier could "re-enter" it, and the unlock on
 * another carrier throws. The wait inside NioSocketImpl therefore cannot be made to yield from the
 * inside, whatever is intercepted below it. {@link io.pal.shim.net.PalSocketImpl} reimplements the
 * impl: NioSocketImpl's states, checks and exception messages, over a non-blocking
 * {@link java.nio.channels.SocketChannel} / {@link java.nio.channels.ServerSocketChannel}; when a
 * call would block it waits in {@link io.pal.spi.Backend#awaitReady}, so a coroutine parks and a
 * thread waits.
 *
 * <p>Over channels rather than raw file descriptors: a channel owns its descriptor's life (it
 * closes it only when no read or write of its own is in progress, so a descriptor number is never
 * reused under a waiter), it is what {@code awaitReady} takes, and it needs no JDK internals.
 * Costs: a read or write goes through the channel's own short-held lock and temporary direct buffer
 * (as NioSocketImpl's does), and a few things a channel cannot do are missing (below).
 *
 * <h2>Locks: strand mutexes, not ReentrantLock or synchronized</h2>
 * A read holds the read side across its wait (two readers must not interleave their bytes), so the
 * lock must survive its owner being suspended and resumed on another carrier.
 * {@link io.pal.shim.net.StrandMutex} is a FIFO mutex whose ownership is a flag (not a thread) and
 * whose waiters park through the backend. A bare CAS flag was rejected: a second reader must wait,
 * and spinning or yielding in a loop burns a carrier; a queue with park/unpark is the least that
 * waits without a carrier. The state lock is a plain monitor, held only for field updates, never
 * across a wait (a monitor held across a yield is the documented deadlock on one carrier).
 *
 * <h2>Which sockets get pal's impl (installation)</h2>
 * {@link io.pal.shim.net.SocketShim} attaches an agent and puts Byte Buddy advice on two JDK
 * methods, through a bridge class injected into the bootstrap loader as shim-jdk does:
 * <ol>
 *   <li>{@code SocketImpl.createPlatformSocketImpl(boolean)}, where every platform SocketImpl is
 *       made ({@code new Socket()}, {@code new ServerSocket()}, {@code SocketFactory.getDefault()},
 *       {@code SSLSocketFactory} sockets, HTTP clients built on Socket): pal's impl if the caller
 *       {@linkplain io.pal.spi.Backend#currentSharesCarrier() shares a carrier}, else the JDK's,
 *       untouched. So nothing changes for threads, virtual threads, or the thread backends.</li>
 *   <li>{@code ServerSocket.platformImplAccept()}: a connection gets an impl of the same kind as
 *       its server, whoever accepts (NioSocketImpl.accept casts its argument to NioSocketImpl, and
 *       pal's server can fill only pal's impl). A pal server accepts into a new pal impl; a JDK
 *       server runs the JDK's body, and a flag makes the creation advice step aside once.</li>
 * </ol>
 * {@link io.pal.shim.net.PalSocketImpl} implements the marker {@code sun.net.PlatformSocketImpl}
 * (exported to this module by Instrumentation at installation) so that ServerSocket and Socket
 * treat it exactly as their own (accept, {@code implAccept(Socket)}, SOCKS delegation).
 * TLS layered over a plain socket ({@code SSLSocketFactory.createSocket(Socket, ...)}) does its I/O
 * through the plain socket's streams, so it is covered by (1).
 *
 * <p>Rejected: {@code Socket.setSocketImplFactory} + {@code ServerSocket.setSocketFactory}. They
 * are global, settable once per JVM (an application that set its own breaks pal, or pal breaks
 * it), deprecated, and a factory must return an impl for every caller: it cannot hand
 * non-strand threads the JDK's NioSocketImpl (not public), so every socket in the JVM would change.
 * A factory-made impl is also not a platform impl, so ServerSocket takes its "custom impl" accept
 * path, and a {@code new Socket(Proxy)} loses its SOCKS/HTTP delegation.
 *
 * <h2>The JDK's park points: every socket and blocking channel, whoever made it</h2>
 * The JDK makes its own sockets and selectable channels wait well for virtual threads: the first
 * time a virtual thread uses one it switches the descriptor to non-blocking mode, and when a call
 * would block it parks in its {@code park} method, which for a virtual thread waits in the JDK's
 * poller instead of {@code poll(2)}. {@link io.pal.shim.net.ParkAdvice} gives a strand that shares
 * a carrier the same treatment at the same points, with the backend's
 * {@link io.pal.spi.Backend#awaitDescriptor} in place of the JDK's poller:
 * <ul>
 *   <li>configure points ({@code NioSocketImpl.configureNonBlockingIfNeeded}, the channels'
 *       {@code configureSocketNonBlockingIfVirtualThread}): the strand's call makes the descriptor
 *       non-blocking; a plain thread that uses it later waits in {@code poll(2)}, as the JDK
 *       arranges for a socket a virtual thread has used;</li>
 *   <li>park points ({@code NioSocketImpl.park}, {@code SelChImpl.park}, {@code DatagramChannelImpl.park}):
 *       the strand waits in the backend; an interrupted strand gets what a virtual thread gets
 *       (a channel is closed by its own interrupt step and throws ClosedByInterruptException; a
 *       socket's stream, accept or DatagramSocket receive closes the socket and throws
 *       "Closed by interrupt");</li>
 *   <li>{@code NativeThread.current()} says "virtual" for a strand, so a close or shutdown calls
 *       {@code Poller.stopPoll}, whose advice tells the backend ({@code descriptorClosing}), instead of
 *       signalling the carrier's native thread.</li>
 * </ul>
 * This covers java.net.Socket, ServerSocket and DatagramSocket (over the JDK's DatagramChannel),
 * SocketChannel, ServerSocketChannel, DatagramChannel and Pipe channels in blocking mode, and what
 * is built on them (SSLSocket, HTTP clients), whoever created them. The JDK's locks inside (its read
 * and write ReentrantLocks) are held across the park; shim-jdk makes j.u.c. locks owned by the
 * strand, so that is safe; its {@code synchronized} state locks are never held across one.
 *
 * <h2>Protocols</h2>
 * Wait (read; write, accept and connect alike):
 * <ol>
 *   <li>take the read mutex (timed by SO_TIMEOUT; Java's 0 becomes the SPI's NO_TIMEOUT);</li>
 *   <li>under the state lock: check open and connected, mark a reader active;</li>
 *   <li>try the non-blocking read; on 0 bytes, {@code awaitReady(OP_READ, time left)} and retry,
 *       until data, EOF, timeout ({@code SocketTimeoutException}, socket stays usable) or close;</li>
 *   <li>under the state lock: unmark; if nothing was read and the socket is closing, throw
 *       {@code SocketException("Socket closed")}.</li>
 * </ol>
 * No call returns without progress: a read returns bytes or -1 (EOF), a write at least one byte, and
 * every other way out throws. A channel that refuses a call with ClosedChannelException while the
 * socket is open means its output was shut down (a write: "Broken pipe", what the JDK's impl gets
 * from the kernel as EPIPE) or a close from another strand raced the call ("Socket closed"); it never
 * becomes a count of 0, which the write loop would retry for ever. (A non-blocking channel does not
 * close itself for an interrupt, so an interrupt reaches the impl only through the readiness wait.)
 * <p>Close from another strand: closing a channel does not end a readiness wait on it (a selector
 * is not told of a close), so close reports it to the backend, as the JDK's sockets tell their
 * poller: (1) mark CLOSING, noting whether a reader, acceptor, connector or writer is active;
 * (2) close the channel (one a selector still holds shuts its output down first unless SO_LINGER
 * is 0, so the peer sees its FIN at once, as NioSocketImpl's close gives it); (3) if anyone was
 * active, {@link io.pal.spi.Backend#channelClosed} ends every wait on the channel at once; each
 * waiter finds the socket CLOSING and throws {@code SocketException("Socket closed")}. A waiter
 * that was about to wait when the close came finds the channel closed when its wait begins, which
 * then returns at once. This covers connect as well as read, write and accept.
 * <p>Rejected for waking waiters on close: making the socket ready through the kernel (shut the
 * waiting direction down; connect once to a listening socket) and letting the poller sweep for
 * closed channels every 20 ms. A connecting socket cannot be made ready that way (connect waited
 * in 100 ms slices), the extra loopback connection showed in every accept-close, and the coroutine
 * poller's close could race its own deregistration and then wait for the next sweep.
 * <p>Which backend: an impl keeps the backend the shim was installed for when the impl was made
 * (an accepted connection, its server's), so a socket's waits never go to whatever backend a test
 * kit makes active later.
 * <p>Interrupt: a strand that shares a carrier (or a virtual thread) gets the JDK's virtual-thread
 * behaviour, the socket closed and {@code SocketException("Closed by interrupt")} with the status
 * kept; a platform thread's socket I/O ignores interrupts, as the JDK's does.
 *
 * <h2>Known differences from the JDK</h2>
 * <ul>
 *   <li>Urgent data ({@code sendUrgentData}) is unsupported: a channel cannot send it.</li>
 *   <li>After "Closed by interrupt", {@code Socket.isClosed()} stays false (a SocketImpl cannot
 *       reach its Socket); every further call on the socket says "Socket closed".</li>
 *   <li>A socket's impl is chosen when it is created: a socket made by a thread that is not a
 *       carrier-sharing strand stays the JDK's even when a coroutine later uses it; it then parks the
 *       coroutine through the JDK's park points (above), with the JDK's own behaviour.</li>
 *   <li>SO_LINGER greater than 0 makes close wait in the kernel, blocking the carrier, as it blocks
 *       the thread with the JDK's impl.</li>
 * </ul>
 */
package io.pal.shim.net;
