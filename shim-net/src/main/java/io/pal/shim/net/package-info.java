/**
 * The JDK's blocking network I/O (java.net sockets, blocking NIO channels) suspends the calling
 * strand instead of blocking the carrier it shares with other strands, whoever created the socket.
 *
 * <h2>The JDK's park points</h2>
 * The JDK makes its own sockets and selectable channels wait well for virtual threads: the first
 * time a virtual thread uses one it switches the descriptor to non-blocking mode, and when a call
 * would block it parks in the object's {@code park} method, which for a virtual thread waits in the
 * JDK's poller instead of {@code poll(2)}. A platform thread that uses the socket afterwards finds it
 * non-blocking and waits in {@code poll(2)}. {@link io.pal.shim.net.ParkAdvice} gives a strand that
 * shares a carrier the same treatment at the same points, with the backend's
 * {@link io.pal.spi.ShimHooks#awaitDescriptor} in place of the JDK's poller:
 * <ul>
 *   <li>configure points ({@code NioSocketImpl.configureNonBlockingIfNeeded}, the channels'
 *       {@code configureSocketNonBlockingIfVirtualThread}): the strand's call makes the descriptor
 *       non-blocking;</li>
 *   <li>park points ({@code NioSocketImpl.park}, {@code SelChImpl.park}, {@code DatagramChannelImpl.park}):
 *       the strand waits in the backend. They ask {@code ShimHooks.currentWaitsForDescriptors()}, not
 *       whether the caller shares its carrier: a strand that is a JDK virtual thread on the
 *       backend's carriers waits in the backend too, where the JDK would re-arm a one-shot
 *       registration in its own poller for every wait (ADR 0028);</li>
 *   <li>{@code NativeThread.current()} says "virtual" for a strand, so a close or shutdown calls
 *       {@code Poller.stopPoll}, whose advice tells the backend ({@code descriptorClosing}), instead of
 *       signalling the carrier's native thread, which by then runs something else;</li>
 *   <li>{@code Selector.select()}: {@code EPollSelectorImpl.doSelect} asks {@code Thread.isVirtual()},
 *       which the shim replaces there with the bridge's "virtual thread or strand", so a strand's
 *       select waits for the selector's epoll descriptor in {@code Poller.pollSelector}, advised as
 *       the park points are;</li>
 *   <li>final closes ({@code UnixDispatcher.close}, under every socket, channel and pipe, and
 *       {@code EPollSelectorImpl.implClose}): the backend hears the number is released
 *       ({@code descriptorReleased}), for any caller, before the kernel can give it to a new file,
 *       since the coroutine backend's netpoll keeps a registration per descriptor beyond one wait;</li>
 *   <li>interrupts: an interrupted strand gets what a virtual thread gets. A channel is closed by its
 *       own interrupt step and its call throws ClosedByInterruptException; a socket's stream, accept
 *       and DatagramSocket's receive close the socket and throw {@code SocketException("Closed by
 *       interrupt")}, the status kept (their {@code InterruptedIOException} exits are advised).</li>
 * </ul>
 * This covers java.net.Socket, ServerSocket and DatagramSocket (over the JDK's DatagramChannel),
 * SocketChannel, ServerSocketChannel, DatagramChannel and Pipe channels in blocking mode, and what
 * is built on them (SSLSocket, HTTP clients, JDBC drivers), whoever created them: a socket a plain
 * thread made parks a strand that waits on it, and blocks a plain thread that waits on it.
 *
 * <p>The JDK's locks inside (NioSocketImpl's and the channels' read and write ReentrantLocks) are
 * held across the park. A strand has a Thread identity of its own (ADR 0010), which owns the lock, so
 * another strand on the carrier waits for it as a strand and the owner may resume on another carrier. The JDK's
 * {@code synchronized} state locks are never held across a park.
 *
 * <p>Every advice asks the bridge whether the caller shares a carrier and changes nothing when it
 * does not: platform threads, virtual threads and the thread backends run the JDK's code as is.
 *
 * <h2>Installation</h2>
 * {@link io.pal.shim.net.SocketShim} attaches an agent, opens {@code java.nio.channels.spi} to this
 * module (for a channel's interrupt step), injects {@link io.pal.shim.net.bridge.NetBridge} into the
 * bootstrap loader (the advice inlined into java.base may name only what that loader sees) and
 * retransforms the advised classes, method bodies only.
 *
 * <h2>Rejected</h2>
 * <ul>
 *   <li><b>A SocketImpl of pal's own</b> over non-blocking SocketChannels, installed by advice on
 *       {@code SocketImpl.createPlatformSocketImpl} (pal's first design). It reached only sockets a
 *       strand created (a socket made by {@code main} or a pool's thread blocked a carrier), did not
 *       reach blocking NIO channels at all, had to re-create NioSocketImpl's behaviour (and once
 *       turned a closed channel into "0 bytes written", spinning a carrier), and was slower: in the
 *       same runs of the 5,000-connection echo, coroutines over it reached 0.38-0.87 of virtual
 *       threads' requests/s, against 0.60-1.67 over the JDK's impl at its park points. It existed
 *       because NioSocketImpl holds a ReentrantLock across its wait, which strands may now do.</li>
 *   <li><b>{@code Socket.setSocketImplFactory}</b>: global, settable once, deprecated, and it would
 *       change every socket of the JVM.</li>
 * </ul>
 *
 * <h2>Known differences from a virtual thread</h2>
 * <ul>
 *   <li>{@code Selector.select()} parks a strand as it parks a virtual thread (the substitution of
 *       {@code Thread.isVirtual()} in {@code EPollSelectorImpl.doSelect} and the advice on
 *       {@code Poller.pollSelector}), holding the selector's monitors across the park as the JDK does;
 *       another strand that then enters a {@code synchronized} block on that selector (its
 *       {@code close()} does) blocks its carrier until the select returns, where a virtual thread
 *       would unmount.</li>
 *   <li>SO_LINGER greater than 0 makes close wait in the kernel, blocking the carrier, as it blocks
 *       a virtual thread's carrier.</li>
 * </ul>
 */
package io.pal.shim.net;
