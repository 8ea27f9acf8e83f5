/**
 * The thread backends: {@code threads} (one platform thread per strand, pal's reference semantics)
 * and {@code virtual} (one JDK virtual thread per strand, the anchor the coroutine backend is
 * measured against).
 *
 * <p>Both are one class, {@link io.pal.threads.ThreadBackend}, with a different
 * {@link java.lang.Thread.Builder}: a strand is its thread, so park is LockSupport, sleep is
 * Thread.sleep, interrupt is Thread.interrupt, and thread-locals are strand-local for free. A
 * strand finds itself through a ThreadLocal set when its thread starts; any other thread is
 * adopted. The readiness wait opens a selector per call (these backends have no poller, and
 * shim-net leaves their strands the JDK's sockets, so it is not a hot path) and lists it under its
 * channel while it waits, so that {@code channelClosed} can wake it.
 */
package io.pal.threads;
