package io.pal.compat;

import io.pal.Pal;
import io.pal.spi.Backends;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fails a test that leaves a socket, pipe, selector or other kernel object open: after each test it
 * waits (bounded) until the process holds no more of them than before the test, and otherwise
 * names the ones left ({@code /proc/self/fd}).
 *
 * <p>Only descriptors that are not files are counted: the JVM opens jar files and devices lazily
 * as classes load, which no test controls. The pollers that a backend and the JDK start at the
 * first wait (selectors and their wakeup descriptors) live as long as the JVM, so before its first
 * test on a backend the extension makes a strand wait once on a socket and once on a pipe.
 * A closed channel that a selector still holds releases its descriptor when the selector lets go,
 * which is why the check waits for the count instead of reading it once.
 */
public final class NoDescriptorLeft implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoDescriptorLeft.class);
    /** Backends whose lazily started pollers exist already. Any thread. */
    private static final Set<String> WARMED = ConcurrentHashMap.newKeySet();
    /** In {@link #WARMED}: the JDK's own virtual-thread pollers, which any backend's test may start (a library's server on virtual threads). */
    private static final String JDK_VIRTUAL = "jdk-virtual-threads";

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (WARMED.add(Backends.active().name().id())) {
            Pal.spawn("fd-warm-up", () -> {
                waitOnce();
                return null;
            }).join();
            waitOnPlainThreadsSocket();
        }
        if (WARMED.add(JDK_VIRTUAL)) {
            warmJdkVirtualThreadPollers();
        }
        context.getStore(NS).put("before", kernelObjects());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        @SuppressWarnings("unchecked")
        List<String> before = context.getStore(NS).remove("before", List.class);
        if (before == null || context.getExecutionException().isPresent()) {
            return; // the test failed already; its own failure says more
        }
        AtomicReference<List<String>> now = new AtomicReference<>();
        try {
            Await.until("descriptors to be released", () -> {
                now.set(kernelObjects());
                return now.get().size() <= before.size();
            });
        } catch (AssertionError e) {
            List<String> extra = new ArrayList<>(now.get());
            before.forEach(extra::remove);
            fail("descriptors left open: " + before.size() + " before the test, " + now.get().size() + " after; new: " + extra);
        }
    }

    /** What each open descriptor that is not a file refers to ("socket:[123]", "anon_inode:[eventpoll]"). */
    static List<String> kernelObjects() {
        List<String> out = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (!target.startsWith("/")) {
                        out.add(target);
                    }
                } catch (IOException closedMeanwhile) {
                    // gone while we listed: not open
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Collections.sort(out);
        return out;
    }

    /**
     * The JDK starts its virtual-thread pollers (several epoll descriptors, for the JVM's life) at
     * the first socket wait of any virtual thread, whatever pal's backend is: a test whose server
     * runs on virtual threads (H2's) would otherwise be charged with them on the thread backend.
     */
    private static void warmJdkVirtualThreadPollers() throws Exception {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = Thread.ofVirtual().name("fd-warm-up-virtual").start(() -> {
            try {
                waitOnSocket();
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        t.join();
        if (failed.get() != null) {
            throw new IllegalStateException("warming the JDK's virtual-thread pollers failed", failed.get());
        }
    }

    /**
     * One socket read that has to wait (and time out), which starts every poller involved.
     */
    private static void waitOnce() throws Exception {
        waitOnSocket();
    }

    /** A socket read that has to wait (and time out). */
    private static void waitOnSocket() throws Exception {
        onLoopbackConnection(NoDescriptorLeft::timedOutRead);
    }

    /**
     * A socket made by this plain thread, read by a strand until it times out: the JDK's socket
     * waits in the backend's descriptor wait, which starts its pollers.
     */
    private static void waitOnPlainThreadsSocket() throws Exception {
        onLoopbackConnection(s -> Pal.spawn("fd-warm-up-jdk-socket", () -> {
            timedOutRead(s);
            return null;
        }).join());
    }

    private interface SocketUse {
        void on(Socket s) throws Exception;
    }

    /** Runs {@code use} on the accepted side of a fresh loopback connection made by the caller. */
    @SuppressWarnings("try") // the client only has to exist
    private static void onLoopbackConnection(SocketUse use) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket ss = new ServerSocket(0, 1, loopback);
             Socket c = new Socket(loopback, ss.getLocalPort());
             Socket s = ss.accept()) {
            use.on(s);
        }
    }

    private static void timedOutRead(Socket s) throws IOException {
        s.setSoTimeout(1);
        try {
            s.getInputStream().read();
            throw new IOException("warm-up read got data nobody sent");
        } catch (SocketTimeoutException expected) {
            // waited, as intended
        }
    }
}
