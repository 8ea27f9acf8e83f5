package io.pal.coroutines.poll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Waits on raw file descriptors (the JDK's own sockets and channels, in non-blocking mode) through
 * epoll, called directly: the backend's {@code awaitDescriptor}. One instance per event kind, as the
 * JDK's {@code sun.nio.ch.Poller} keeps a read poller and a write poller: a descriptor has one
 * registration per epoll instance, so a reader and a writer of one socket each get their own.
 * The protocols (arm, fire, disarm, stop) are in the package essay.
 */
public final class DescriptorPoller implements AutoCloseable {

    /** Events taken per epoll_wait. */
    private static final int MAX_EVENTS = 256;

    /** Epoll.EPOLLIN or Epoll.EPOLLOUT. Immutable. */
    private final int event;
    /** The epoll instance. Immutable; closed by the poller thread when it exits. */
    private final int epfd;
    /** An eventfd registered for reading: close() writes it to end the poller thread's wait. Immutable. */
    private final int wakeFd;
    /** The one waiter per descriptor, put by the waiter, removed by whoever wakes or withdraws it. Any thread. */
    private final ConcurrentHashMap<Integer, Object> waiters = new ConcurrentHashMap<>();
    /** Wakes a waiter (unparks its strand); must not block. Immutable. */
    private final Consumer<Object> waker;
    /** The event array and the wakeup's buffer, freed when the poller thread exits. */
    private final Arena arena = Arena.ofShared();
    /** The poller thread. Immutable after start. */
    private final Thread thread;
    /** Set by close. */
    private volatile boolean closed;

    private DescriptorPoller(String name, int event, Consumer<Object> waker) throws IOException {
        this.event = event;
        this.waker = waker;
        this.epfd = Epoll.create();
        this.wakeFd = Epoll.eventfd();
        if (Epoll.ctl(epfd, Epoll.EPOLL_CTL_ADD, wakeFd, Epoll.EPOLLIN) != 0) {
            throw new IOException("epoll_ctl failed for the poller's eventfd");
        }
        MemorySegment events = Epoll.eventArray(arena, MAX_EVENTS);
        this.thread = new Thread(null, () -> loop(events), name, 0, false);
        thread.setDaemon(true);
    }

    /**
     * Starts a poller for {@code event} ({@link Epoll#EPOLLIN} or {@link Epoll#EPOLLOUT}, the same
     * bits as poll(2)'s POLLIN and POLLOUT) whose thread calls {@code waker} for each waiter whose
     * descriptor became ready.
     */
    public static DescriptorPoller start(String name, int event, Consumer<Object> waker) {
        if (event != Epoll.EPOLLIN && event != Epoll.EPOLLOUT) {
            throw new IllegalArgumentException("event must be EPOLLIN (1) or EPOLLOUT (4), not " + event);
        }
        try {
            DescriptorPoller p = new DescriptorPoller(name, event, waker);
            p.thread.start();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the descriptor poller", e);
        }
    }

    /**
     * Protocol "arm": {@code waiter} waits on {@code fd}; the poller thread (readiness) or
     * {@link #stop} wakes it once and takes it out. The registration is one-shot and needs no
     * wakeup of the poller thread ({@code epoll_ctl} is safe against an {@code epoll_wait} in
     * progress): MOD re-arms a registration a previous wait left, ADD makes the first.
     */
    public void arm(int fd, Object waiter) throws IOException {
        waiters.put(fd, waiter);
        int ev = event | Epoll.EPOLLONESHOT;
        if (Epoll.ctl(epfd, Epoll.EPOLL_CTL_MOD, fd, ev) != 0 && Epoll.ctl(epfd, Epoll.EPOLL_CTL_ADD, fd, ev) != 0) {
            waiters.remove(fd, waiter);
            throw new IOException("epoll_ctl failed for descriptor " + fd);
        }
    }

    /** Whether {@code waiter} still waits on {@code fd} (nobody has woken it). */
    public boolean isArmed(int fd, Object waiter) {
        return waiters.get(fd) == waiter;
    }

    /**
     * Protocol "disarm": the waiter gives up (timeout, interrupt). If nobody woke it, its one-shot
     * registration is still armed and is removed, so a later event cannot wake whoever waits on the
     * descriptor next for nothing.
     */
    public void disarm(int fd, Object waiter) {
        if (waiters.remove(fd, waiter)) {
            Epoll.ctl(epfd, Epoll.EPOLL_CTL_DEL, fd, 0); // fails harmlessly if the descriptor is gone
        }
    }

    /** Protocol "stop": {@code fd} is being closed or shut down; its waiter, if any, is woken now. */
    public void stop(int fd) {
        Object w = waiters.remove(fd);
        if (w != null) {
            waker.accept(w);
        }
    }

    /** Descriptors waited on now. */
    public int waiting() {
        return waiters.size();
    }

    private void loop(MemorySegment events) {
        try {
            while (!closed) {
                int n = Epoll.await(epfd, events, MAX_EVENTS, -1); // -1: EINTR, retried
                for (int i = 0; i < n; i++) {
                    int fd = Epoll.descriptor(events, i);
                    if (fd == wakeFd) {
                        continue; // close(): the loop condition ends it
                    }
                    Object w = waiters.remove(fd);
                    if (w != null) {
                        waker.accept(w);
                    }
                }
            }
        } catch (Throwable e) {
            Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
        } finally {
            Epoll.close(wakeFd);
            Epoll.close(epfd);
            arena.close();
        }
    }

    /** Stops the poller thread, which then closes its descriptors; pending waits are not woken. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try (Arena a = Arena.ofConfined()) {
                Epoll.signal(wakeFd, a);
            }
        }
    }

    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }
}
