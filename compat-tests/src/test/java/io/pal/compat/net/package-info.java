/**
 * The socket suite: unmodified {@code java.net} code in strands, the same assertions on every
 * backend. The sockets are the JDK's on every backend; on the coroutine backend shim-net's advice at
 * the JDK's park points makes a waiting strand park. The thread backends are the reference.
 * {@link io.pal.compat.net.PlainThreadSocketsTest} and {@link io.pal.compat.net.BlockingChannelTest}
 * cover sockets and channels made by plain threads and used by strands, and the reverse.
 *
 * <h2>What is covered, and where</h2>
 * <ul>
 *   <li>{@link io.pal.compat.net.ConnectAcceptTest}: connect with and without a timeout, a connect
 *       that times out (full accept queue), a refused connect, accept and its SO_TIMEOUT, a close
 *       that ends a waiting accept or connect, and the sockets of {@code SocketFactory.getDefault()}
 *       and {@code ServerSocketFactory.getDefault()}.</li>
 *   <li>{@link io.pal.compat.net.StreamTest}: reads and writes through the streams, SO_TIMEOUT,
 *       shutdownInput, shutdownOutput and half-close, EOF, a peer's reset, available(), and a close
 *       from another strand that ends a blocked read or write with the JDK's exception.</li>
 *   <li>{@link io.pal.compat.net.SocketOptionsTest}: TCP_NODELAY, SO_KEEPALIVE, SO_LINGER, SO_RCVBUF,
 *       SO_SNDBUF and SO_REUSEADDR through both APIs, on clients, accepted sockets and servers.</li>
 *   <li>{@link io.pal.compat.net.BulkTransferTest}: 64 MiB through 16 KiB buffers, so every write
 *       call is many partial writes and waits.</li>
 *   <li>{@link io.pal.compat.net.ManyConnectionsEchoTest}: 5,000 connections (10,000 sockets; the
 *       machines pal is tested on allow 20,000 descriptors) open and blocked in read at once, and
 *       the platform threads that cost: none per connection on coroutines and virtual threads.</li>
 *   <li>{@link io.pal.compat.net.TlsTest}: TLS over a plain socket a strand made, and a socket the
 *       SSLSocketFactory made.</li>
 *   <li>{@link io.pal.compat.net.PinnedReaderTest}: a strand holding a ReentrantLock reads a socket;
 *       on coroutines it blocks its carrier, completes, and the other carrier runs strands meanwhile.</li>
 *   <li>Every class is a {@link io.pal.compat.SocketSuite}: run on every backend, with the socket
 *       shim installed, and no socket, pipe or selector left open after any test.</li>
 * </ul>
 *
 * <h2>Waiting for "blocked in a socket call"</h2>
 * A strand suspended in a socket wait is PARKED on coroutines and virtual threads, and the tests
 * wait for that state. A platform thread blocked in a socket call is RUNNABLE in native code, so on
 * the threads backend there is no state to wait for: tests either assert an outcome that is the same
 * whether the close came before or during the call, or retry with a growing pause and accept the
 * JDK's "closed before the call" answer there only ({@code NetTests.closedWhileBlocked}).
 */
package io.pal.compat.net;
