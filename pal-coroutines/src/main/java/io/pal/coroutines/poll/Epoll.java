package io.pal.coroutines.poll;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Linux epoll, eventfd and close, called through the Foreign Function & Memory API (no native
 * build, no JDK export). Each method is one system call; a negative result is the failure, as the
 * kernel returns it (errno is not read: every caller here knows what a failure means).
 *
 * <p>{@code struct epoll_event} is packed on x86-64 (a 32-bit event mask, then 64-bit data at byte
 * 4: 12 bytes) and naturally aligned elsewhere (data at byte 8: 16 bytes).
 */
final class Epoll {

    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLL_CTL_MOD = 3;
    /** Readable; the same bit as poll(2)'s POLLIN. */
    static final int EPOLLIN = 0x001;
    /** Writable; the same bit as poll(2)'s POLLOUT. */
    static final int EPOLLOUT = 0x004;
    /** An error on the descriptor; always reported, wakes both directions. */
    static final int EPOLLERR = 0x008;
    /** Hung up; always reported, wakes both directions. */
    static final int EPOLLHUP = 0x010;
    /** The peer shut its writing half down: a read returns end of stream, so readers wake. */
    static final int EPOLLRDHUP = 0x2000;
    /** Edge-triggered: an event is reported when readiness changes, once, and needs no re-arming. */
    static final int EPOLLET = 1 << 31;
    private static final int EPOLL_CLOEXEC = 0x80000;
    private static final int EFD_CLOEXEC = 0x80000;
    private static final int EFD_NONBLOCK = 0x800;

    private static final boolean PACKED = System.getProperty("os.arch").matches("amd64|x86_64");
    /** Bytes per {@code struct epoll_event}. */
    static final long EVENT_SIZE = PACKED ? 12 : 16;
    private static final long DATA_OFFSET = PACKED ? 4 : 8;

    private static final MethodHandle CREATE1;
    private static final MethodHandle CTL;
    private static final MethodHandle WAIT;
    /** {@code epoll_pwait2} (Linux 5.11, glibc 2.35: a timeout in nanoseconds), or null where libc has none. */
    private static final MethodHandle PWAIT2;
    private static final MethodHandle EVENTFD;
    private static final MethodHandle WRITE;
    private static final MethodHandle READ;
    private static final MethodHandle CLOSE;

    static {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        // Short calls that never block may take a heap segment (epoll_ctl's event) without copying it.
        Linker.Option critical = Linker.Option.critical(true);
        CREATE1 = downcall(linker, libc, "epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        CTL = linker.downcallHandle(libc.find("epoll_ctl").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), critical);
        WAIT = downcall(linker, libc, "epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        PWAIT2 = libc.find("epoll_pwait2").filter(Epoll::kernelHasPwait2).map(a -> linker.downcallHandle(a,
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS))).orElse(null);
        READ = downcall(linker, libc, "read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        EVENTFD = downcall(linker, libc, "eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        WRITE = downcall(linker, libc, "write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        CLOSE = downcall(linker, libc, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    private Epoll() {
    }

    /**
     * Whether the kernel runs epoll_pwait2 (libc may have the symbol on a kernel older than 5.11):
     * asked once, on descriptor -1, which fails with EBADF where the call exists and ENOSYS where not.
     */
    private static boolean kernelHasPwait2(MemorySegment symbol) {
        Linker linker = Linker.nativeLinker();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        MethodHandle probe = linker.downcallHandle(symbol,
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS), errno);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            MemorySegment events = arena.allocate(EVENT_SIZE);
            MemorySegment timeout = arena.allocate(TIMESPEC_SIZE);
            int r = (int) probe.invokeExact(state, -1, events, 1, timeout, MemorySegment.NULL);
            int code = state.get(JAVA_INT, Linker.Option.captureStateLayout().byteOffset(
                    java.lang.foreign.MemoryLayout.PathElement.groupElement("errno")));
            return r == 0 || code != ENOSYS;
        } catch (Throwable e) {
            return false;
        }
    }

    private static final int ENOSYS = 38;

    private static MethodHandle downcall(Linker linker, SymbolLookup libc, String name, FunctionDescriptor fd) {
        return linker.downcallHandle(libc.find(name).orElseThrow(() -> new UnsatisfiedLinkError("no " + name + " in libc")), fd);
    }

    /** A new epoll instance (close-on-exec). */
    static int create() throws IOException {
        int epfd = (int) invoke(CREATE1, EPOLL_CLOEXEC);
        if (epfd < 0) {
            throw new IOException("epoll_create1 failed");
        }
        return epfd;
    }

    /**
     * {@code epoll_ctl(epfd, op, fd, {events, data})}; returns 0 or -1. The event is built in a
     * small heap array (a critical call may read it in place): nothing is allocated off-heap.
     */
    static int ctl(int epfd, int op, int fd, int events, long data) {
        byte[] ev = new byte[16];
        MemorySegment seg = MemorySegment.ofArray(ev);
        seg.set(ValueLayout.JAVA_INT_UNALIGNED, 0, events);
        seg.set(ValueLayout.JAVA_LONG_UNALIGNED, DATA_OFFSET, data);
        try {
            return (int) CTL.invokeExact(epfd, op, fd, seg);
        } catch (Throwable e) {
            throw new IllegalStateException("epoll_ctl failed to run", e);
        }
    }

    /** Waits for events into {@code events} (room for {@code max}); returns how many, or -1 (EINTR among others). */
    static int await(int epfd, MemorySegment events, int max, int timeoutMillis) {
        try {
            return (int) WAIT.invokeExact(epfd, events, max, timeoutMillis);
        } catch (Throwable e) {
            throw new IllegalStateException("epoll_wait failed to run", e);
        }
    }

    /** Bytes of a {@code struct timespec} for {@link #awaitNanos}. */
    static final long TIMESPEC_SIZE = 16;

    /**
     * As {@link #await}, waiting at most {@code timeoutNanos} (at least 0) to the nanosecond with
     * epoll_pwait2, {@code timespec} (TIMESPEC_SIZE bytes) holding the timeout; where libc or the
     * kernel has no epoll_pwait2, epoll_wait with the timeout rounded up to whole milliseconds.
     */
    static int awaitNanos(int epfd, MemorySegment events, int max, long timeoutNanos, MemorySegment timespec) {
        if (PWAIT2 != null) {
            timespec.set(JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
            timespec.set(JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
            try {
                return (int) PWAIT2.invokeExact(epfd, events, max, timespec, MemorySegment.NULL);
            } catch (Throwable e) {
                throw new IllegalStateException("epoll_pwait2 failed to run", e);
            }
        }
        return await(epfd, events, max, (int) Math.min(Integer.MAX_VALUE, (timeoutNanos + 999_999) / 1_000_000));
    }

    /** The data field of event {@code i}, as given to {@link #ctl}. */
    static long data(MemorySegment events, int i) {
        return events.get(ValueLayout.JAVA_LONG_UNALIGNED, i * EVENT_SIZE + DATA_OFFSET);
    }

    /** The event mask of event {@code i} (EPOLLIN, EPOLLOUT, EPOLLHUP, ...). */
    static int mask(MemorySegment events, int i) {
        return events.get(ValueLayout.JAVA_INT_UNALIGNED, i * EVENT_SIZE);
    }

    /** Room for {@code max} events, for the life of {@code arena}. */
    static MemorySegment eventArray(Arena arena, int max) {
        return arena.allocate(EVENT_SIZE * max, 8);
    }

    /** A non-blocking, close-on-exec eventfd: the poller's wakeup. */
    static int eventfd() throws IOException {
        int fd = (int) invoke(EVENTFD, 0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (fd < 0) {
            throw new IOException("eventfd failed");
        }
        return fd;
    }

    /** An 8-byte buffer holding 1, for {@link #signal}; lives as long as it is reachable. */
    static MemorySegment one() {
        MemorySegment one = Arena.ofAuto().allocate(JAVA_LONG);
        one.set(JAVA_LONG, 0, 1L);
        return one;
    }

    /** Adds the 1 in {@code one} (see {@link #one}) to an eventfd's counter, making it readable. */
    static void signal(int eventfd, MemorySegment one) {
        try {
            long ignored = (long) WRITE.invokeExact(eventfd, one, 8L);
        } catch (Throwable e) {
            throw new IllegalStateException("write to an eventfd failed to run", e);
        }
    }

    /** Resets a non-blocking eventfd's counter to 0 (not readable), reading it into the 8 bytes of {@code scratch}. */
    static void drain(int eventfd, MemorySegment scratch) {
        try {
            long ignored = (long) READ.invokeExact(eventfd, scratch, 8L);
        } catch (Throwable e) {
            throw new IllegalStateException("read of an eventfd failed to run", e);
        }
    }

    static void close(int fd) {
        invoke(CLOSE, fd);
    }

    private static Object invoke(MethodHandle h, Object... args) {
        try {
            return h.invokeWithArguments(args);
        } catch (Throwable e) {
            throw new IllegalStateException("native call failed: " + h, e);
        }
    }
}
