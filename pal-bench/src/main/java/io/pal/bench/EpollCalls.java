package io.pal.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The netpoll's two hot system calls, made the two ways pal could make them (ADR 0014): through the
 * Foreign Function &amp; Memory API, as pal's {@code poll.Epoll} does (epoll_ctl a critical downcall
 * reading its event from a heap array, epoll_wait into an off-heap event array), and through the
 * JDK's own natives in {@code sun.nio.ch.EPoll} (package-private: reached with
 * {@code --add-opens java.base/sun.nio.ch} and a private lookup, as pal would have to). ns per call:
 * <ul>
 *   <li>{@code ctl}: epoll_ctl(MOD) of an eventfd already in the set (what a one-shot design pays per
 *       wait; the netpoll pays it once per file);</li>
 *   <li>{@code waitEmpty}: epoll_wait(timeout 0) with nothing ready (an idle carrier's look);</li>
 *   <li>{@code waitReady}: epoll_wait(timeout 0) returning one event (a level-triggered eventfd
 *       left readable), reading its data back.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED"})
public class EpollCalls {

    private static final int EPOLLIN = 0x001, EPOLL_CTL_ADD = 1, EPOLL_CTL_MOD = 3, MAX = 64;
    /** struct epoll_event is packed on x86-64: 12 bytes, data at 4. */
    private static final long EVENT_SIZE = 12, DATA_OFFSET = 4;

    @Param({"ffm", "jdk"})
    public String via;

    private Calls calls;
    private int epfd, idle, readable;

    /** The three calls, one implementation per way. */
    private interface Calls {
        int create() throws Throwable;
        int ctl(int epfd, int op, int fd, int events) throws Throwable;
        /** epoll_wait(epfd, events, MAX, 0); returns the data of the first event, or -1 if none. */
        long waitNow(int epfd) throws Throwable;
    }

    @Setup(Level.Trial)
    public void setup() throws Throwable {
        calls = via.equals("ffm") ? new Ffm() : new Jdk();
        epfd = calls.create();
        idle = Ffm.eventfd();
        readable = Ffm.eventfd();
        calls.ctl(epfd, EPOLL_CTL_ADD, idle, EPOLLIN);
        Ffm.signal(readable); // stays readable: level-triggered, never read
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Throwable {
        Ffm.close(idle);
        Ffm.close(readable);
        Ffm.close(epfd);
    }

    @Benchmark
    public int ctl() throws Throwable {
        return calls.ctl(epfd, EPOLL_CTL_MOD, idle, EPOLLIN);
    }

    @Benchmark
    public long waitEmpty() throws Throwable {
        return calls.waitNow(epfd);
    }

    @State(Scope.Benchmark)
    public static class WithReady {
        @Setup(Level.Trial)
        public void add(EpollCalls b) throws Throwable {
            b.calls.ctl(b.epfd, EPOLL_CTL_ADD, b.readable, EPOLLIN);
        }
    }

    @Benchmark
    public long waitReady(WithReady ready) throws Throwable {
        return calls.waitNow(epfd);
    }

    /** pal's way: FFM downcalls, shaped as pal's {@code poll.Epoll} makes them. */
    private static final class Ffm implements Calls {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final MethodHandle CREATE = handle("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        private static final MethodHandle CTL = LINKER.downcallHandle(LINKER.defaultLookup().find("epoll_ctl").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), Linker.Option.critical(true));
        private static final MethodHandle WAIT = handle("epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        private static final MethodHandle EVENTFD = handle("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        private static final MethodHandle WRITE = handle("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

        private final MemorySegment events = Arena.ofAuto().allocate(EVENT_SIZE * MAX, 8);

        private static MethodHandle handle(String name, FunctionDescriptor fd) {
            return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd);
        }

        static int eventfd() throws Throwable {
            return (int) EVENTFD.invokeExact(0, 0);
        }

        static void signal(int fd) throws Throwable {
            MemorySegment one = Arena.ofAuto().allocate(JAVA_LONG);
            one.set(JAVA_LONG, 0, 1L);
            long ignored = (long) WRITE.invokeExact(fd, one, 8L);
        }

        static void close(int fd) throws Throwable {
            int ignored = (int) CLOSE.invokeExact(fd);
        }

        @Override
        public int create() throws Throwable {
            return (int) CREATE.invokeExact(0);
        }

        @Override
        public int ctl(int epfd, int op, int fd, int ev) throws Throwable {
            MemorySegment seg = MemorySegment.ofArray(new byte[16]);
            seg.set(ValueLayout.JAVA_INT_UNALIGNED, 0, ev);
            seg.set(ValueLayout.JAVA_LONG_UNALIGNED, DATA_OFFSET, fd);
            return (int) CTL.invokeExact(epfd, op, fd, seg);
        }

        @Override
        public long waitNow(int epfd) throws Throwable {
            int n = (int) WAIT.invokeExact(epfd, events, MAX, 0);
            return n > 0 ? events.get(ValueLayout.JAVA_LONG_UNALIGNED, DATA_OFFSET) : -1;
        }
    }

    /** The JDK's natives, as its own selector and poller call them; the handles are constants, as pal's would be. */
    private static final class Jdk implements Calls {
        private static final MethodHandle CREATE, CTL, WAIT, DESCRIPTOR;
        private static final long EVENTS;

        static {
            try {
                Class<?> c = Class.forName("sun.nio.ch.EPoll");
                MethodHandles.Lookup l = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
                CREATE = l.findStatic(c, "create", MethodType.methodType(int.class));
                CTL = l.findStatic(c, "ctl", MethodType.methodType(int.class, int.class, int.class, int.class, int.class));
                WAIT = l.findStatic(c, "wait", MethodType.methodType(int.class, int.class, long.class, int.class, int.class));
                DESCRIPTOR = l.findStatic(c, "getDescriptor", MethodType.methodType(int.class, long.class));
                EVENTS = (long) l.findStatic(c, "allocatePollArray", MethodType.methodType(long.class, int.class)).invokeExact(MAX);
            } catch (Throwable e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @Override
        public int create() throws Throwable {
            return (int) CREATE.invokeExact();
        }

        @Override
        public int ctl(int epfd, int op, int fd, int ev) throws Throwable {
            return (int) CTL.invokeExact(epfd, op, fd, ev);
        }

        @Override
        public long waitNow(int epfd) throws Throwable {
            int n = (int) WAIT.invokeExact(epfd, EVENTS, MAX, 0);
            return n > 0 ? (int) DESCRIPTOR.invokeExact(EVENTS) : -1;
        }
    }
}
