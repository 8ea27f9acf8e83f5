package io.pal.compat.net;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;
import io.pal.compat.Await;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the socket tests share: strands, loopback connections, and waiting for a strand to be
 * blocked in a socket call. Most tests make their sockets inside strands; PlainThreadSocketsTest
 * makes them on plain threads.
 */
final class NetTests {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    private NetTests() {
    }

    /** A test body run in a strand. */
    interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} in a strand and waits for it, rethrowing its failure. */
    static void inStrand(Body body) throws Exception {
        try {
            Pal.spawn(() -> {
                body.run();
                return null;
            }).join();
        } catch (ExecutionException e) {
            throw bodyFailure(e);
        }
    }

    /** What a strand's body threw, from its join's ExecutionException: the Exception to rethrow; an Error is thrown here. */
    static Exception bodyFailure(ExecutionException e) {
        if (e.getCause() instanceof Exception x) {
            return x;
        }
        if (e.getCause() instanceof Error x) {
            throw x;
        }
        return e;
    }

    /** A test body that gets a loopback connection. */
    interface ConnectionBody {
        void run(Connection k) throws Exception;
    }

    /** Runs {@code body} in a strand with a fresh loopback connection, which is closed afterwards. */
    static void inConnection(ConnectionBody body) throws Exception {
        inStrand(() -> {
            try (Connection k = Connection.open()) {
                body.run(k);
            }
        });
    }

    static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 50, LOOPBACK);
    }

    static InetSocketAddress addressOf(ServerSocket ss) {
        return new InetSocketAddress(LOOPBACK, ss.getLocalPort());
    }

    /** A listener, a client connected to it, and the server's side of that connection. */
    record Connection(ServerSocket listener, Socket client, Socket server) implements AutoCloseable {

        static Connection open() throws IOException {
            ServerSocket ss = listen();
            try {
                Socket c = new Socket(LOOPBACK, ss.getLocalPort());
                return new Connection(ss, c, ss.accept());
            } catch (IOException e) {
                ss.close();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try (listener; client; server) {
                // closes all three, the server's side first
            }
        }
    }

    /**
     * Waits until {@code s} is suspended in a wait. A strand blocked in a socket call on the
     * threads backend is a platform thread RUNNABLE in native code: there is no state to wait for.
     */
    static void awaitSuspendedUnlessThreads(Strand<?> s, BackendName backend) {
        if (backend != BackendName.THREADS) {
            Await.state(s, StrandState.PARKED);
        }
    }

    /**
     * Whether the platform thread named {@code threadName} (a strand of the threads backend) is in
     * native code under a frame of a class whose name ends with {@code classSuffix}: blocked in that
     * call, which its RUNNABLE state alone cannot tell.
     */
    static boolean blockedInNative(String threadName, String classSuffix) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().equals(threadName))
                .map(java.util.Map.Entry::getValue)
                .anyMatch(st -> st.length > 0 && st[0].isNativeMethod()
                        && java.util.Arrays.stream(st).anyMatch(f -> f.getClassName().endsWith(classSuffix)));
    }

    /** One attempt of {@link #closedWhileBlocked}: a call that blocks, the socket to close under it, the rest to release. */
    record Blocking(Callable<?> call, Closeable socket, AutoCloseable rest) {
    }

    /**
     * Starts a fresh {@code setup()} call in a strand, closes its socket from this strand once the
     * call waits, and returns what the call threw, which must be the JDK's
     * {@code SocketException("Socket closed")}. On the threads backend nothing says "waiting in the
     * call" (see {@link #awaitSuspendedUnlessThreads}), so attempt n waits n ms before the close; a
     * close that beats the call gives the JDK's "Socket is closed" for connect and accept, which is
     * legal there only and tried again. The woken case must happen within 50 attempts.
     */
    static SocketException closedWhileBlocked(BackendName backend, Callable<Blocking> setup) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            Blocking b = setup.call();
            try (AutoCloseable rest = b.rest()) {
                Strand<?> blocked = Pal.spawn("blocked", b.call());
                if (backend == BackendName.THREADS) {
                    Pal.sleep(Duration.ofMillis(attempt));
                } else {
                    Await.state(blocked, StrandState.PARKED);
                }
                b.socket().close();
                ExecutionException e = assertThrows(ExecutionException.class, () -> blocked.join(Await.LIMIT));
                SocketException se = assertInstanceOf(SocketException.class, e.getCause());
                if (se.getMessage().equals("Socket closed")) {
                    return se;
                }
                assertEquals("Socket is closed", se.getMessage(), "neither woken by the close nor refused before the call");
                assertEquals(BackendName.THREADS, backend, "the strand was waiting, yet its call had not begun");
            }
        }
        return fail("no attempt caught the call blocked");
    }
}
