/**
 * The thread backends: {@code threads} (one platform thread per strand, pal's reference semantics)
 * and {@code virtual} (one JDK virtual thread per strand, the anchor the coroutine backend is
 * measured against).
 *
 * <p>Both are one class, {@link io.pal.threads.ThreadBackend}, with a different
 * {@link java.lang.Thread.Builder}: a strand is its thread, so park is LockSupport, sleep is
 * Thread.sleep, interrupt is Thread.interrupt, and thread-locals are strand-local for free. A
 * strand finds itself through a ThreadLocal set when its thread starts; any other thread is
 * adopted. Their strands keep the JDK's sockets (shim-net leaves them alone), so a descriptor wait
 * is a poll(2) of the descriptor.
 *
 * <p>Groups ({@link io.pal.group.TurnGroup}) are a fair lock per group that a member holds while
 * it runs and gives back around every wait of this backend; atomic regions are a depth on the
 * strand (or the adopted thread) that the same wait points check first. Both live in
 * {@code ThreadBackend.beginWait}/{@code endWait}, the one place every wait passes. A member
 * blocked in a JDK call that does not come through here (Thread.sleep, a socket read, a
 * BlockingQueue) keeps its group's turn: see the {@code io.pal.group} essay.
 */
package io.pal.threads;
