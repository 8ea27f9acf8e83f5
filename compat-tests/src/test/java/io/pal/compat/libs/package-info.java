/**
 * Real, unmodified blocking libraries driven from many strands on every backend: Apache
 * HttpClient 4.5 (classic), the H2 JDBC driver over TCP, and HikariCP over it (whose connections
 * the pool's own threads open, so no strand made the sockets its strands wait on). Each test holds every strand's first
 * request at its server until all of them have arrived, then checks that every client strand is
 * suspended in its socket read and that the JVM's platform threads did not grow with the strands:
 * on the coroutine backend, proof that no carrier is blocked while the requests wait on the
 * network. Answers are then checked exactly. Servers listen on 127.0.0.1 and everything is
 * bounded by timeouts.
 *
 * <h2>What these libraries do with locks, and why it matters</h2>
 * Measured here: H2 2.x's JDBC statements hold their session's ReentrantLock across the whole
 * network round trip, and the JDK's SSLSocketImpl holds its read lock across the plain socket read
 * under it. Today a coroutine strand unmounts with such a lock held, which is safe for them (each
 * lock is used by one strand, and strands never change carrier). Under ADR 0004's rule, once
 * shim-jdk pins every strand that owns an AQS lock, each outstanding H2 query and each TLS read
 * blocks its carrier instead: installing shim-jdk's advice makes {@code H2OverTcpTest} and
 * {@code TlsTest} fail on coroutines (two carriers, at most two queries outstanding), while
 * HttpClient, whose pool lock is never held across I/O, is unaffected. These tests are the canary
 * for that trade-off.
 */
package io.pal.compat.libs;
