package io.pal.shim.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Helpers shared by the socket tests: loopback addresses, state waits, fd counts. */
final class NetTestSupport {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private NetTestSupport() {
    }

    static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 50, LOOPBACK);
    }

    static InetSocketAddress addressOf(ServerSocket ss) {
        return new InetSocketAddress(LOOPBACK, ss.getLocalPort());
    }

    /** Waits, polling, until {@code condition} holds; fails after {@code limit}. */
    static void awaitCondition(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    /**
     * Waits until {@code t} is blocked inside a socket wait: a frame is NioSocketImpl's and the
     * thread waits, which is: its top frame is native (a platform thread without timeout blocks in
     * the read or accept system call itself), or it is a parked virtual thread, or it is in the test
     * backend's descriptor wait (whose poll(2) is a foreign call, not a native method). A thread
     * blocked in the kernel is RUNNABLE, so its state alone cannot tell.
     */
    static void awaitBlockedInSocketWait(Thread t) throws InterruptedException {
        awaitCondition(t.getName() + " blocked in a socket wait", Duration.ofSeconds(10), () -> {
            StackTraceElement[] st = t.getStackTrace();
            boolean parked = t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING;
            boolean inPalWait = Arrays.stream(st).anyMatch(f -> f.getClassName().endsWith("SharingThreadsBackend")
                    && f.getMethodName().equals("awaitDescriptor"));
            return st.length > 0 && (st[0].isNativeMethod() || parked || inPalWait)
                    && Arrays.stream(st).anyMatch(f -> f.getClassName().endsWith("NioSocketImpl"));
        });
    }

    /** Open file descriptors of this JVM, from /proc/self/fd. */
    static int openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        }
    }
}
