/**
 * Socket I/O that parks the calling strand instead of blocking its carrier.
 *
 * <p>The JDK's {@code NioSocketImpl} holds a ReentrantLock across its blocking wait, so it cannot
 * yield from the inside. The plan (issue 4): pal's own SocketImpl over a non-blocking channel,
 * installed by the socket factories or by intercepting {@code SocketImpl.createPlatformSocketImpl},
 * whose locks are strand-aware and whose waits call {@link io.pal.spi.Backend#awaitReady}. Nothing
 * changes on the thread backends. This module holds no code yet.
 */
package io.pal.shim.net;
