package io.pal.compat.net;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.compat.SocketSuite;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

import static io.pal.compat.net.NetTests.LOOPBACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A churn soak on loopback: {@value #CLIENTS} client strands connect, exchange a few messages of
 * random length (each checked by a CRC-32C on the server and compared byte for byte when echoed
 * back), and close, over and over for {@code -Dpal.soak.seconds} (default 20; a longer soak is that
 * one flag). It fails on any lost or corrupted byte, on descriptors left open, and on growth after
 * warm-up (the first quarter of the run) beyond {@value #RSS_BOUND_MIB} MiB of resident memory or
 * {@value #HEAP_BOUND_MIB} MiB of heap live after a full GC. Every read has a timeout, so a lost
 * byte fails the test instead of hanging it.
 *
 * <p>Frame: {@code int length, byte[length], long crc32c}; a connection carries 1 to 8 frames, the
 * server echoes each frame's bytes after checking them, and the client closes first.
 */
@SocketSuite
class ChurnSoakTest {

    private static final Duration SOAK = Duration.ofSeconds(Long.getLong("pal.soak.seconds", 20));
    private static final int CLIENTS = 16;
    private static final int MAX_MESSAGE = 64 * 1024;
    private static final int MAX_MESSAGES_PER_CONNECTION = 8;
    private static final int READ_TIMEOUT_MILLIS = 20_000;
    private static final long RSS_BOUND_MIB = 96;
    private static final long HEAP_BOUND_MIB = 16;

    /** Totals over the run. Any strand. */
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesCheckedByServer = new AtomicLong();
    private final AtomicLong bytesEchoedBack = new AtomicLong();

    @Test
    void churnLosesNoByteAndLeaksNothing(BackendName backend) throws Exception {
        ServerSocket ss = Pal.spawn("listen", () -> new ServerSocket(0, CLIENTS * 2, LOOPBACK)).join();
        Strand<Void> acceptor;
        long start = System.nanoTime();
        long warmUpEnd = start + SOAK.toNanos() / 4;
        long end = start + SOAK.toNanos();
        List<Strand<Void>> clients = new ArrayList<>();
        Memory atWarmUp;
        int descriptorsAtWarmUp;
        try (ss) {
            acceptor = Pal.spawn("acceptor", () -> serve(ss));
            for (int i = 0; i < CLIENTS; i++) {
                long seed = start + i;
                clients.add(Pal.spawn("client-" + i, () -> churn(ss.getLocalPort(), new SplittableRandom(seed), end)));
            }
            Pal.sleep(Duration.ofNanos(Math.max(0, warmUpEnd - System.nanoTime())));
            atWarmUp = Memory.now();
            descriptorsAtWarmUp = descriptors();
            for (Strand<Void> c : clients) {
                c.join(SOAK.plusSeconds(60)); // each stops by itself at the end, or fails on a read timeout
            }
        }
        acceptor.join(Duration.ofSeconds(60)); // the listener closed: accept throws; the acceptor joins its handlers, rethrowing a failure
        Memory after = Memory.now();

        String totals = backend + ": " + connections + " connections, " + bytesSent + " bytes sent, "
                + bytesCheckedByServer + " checked by the server, " + bytesEchoedBack + " echoed back";
        System.out.println("churn soak " + totals + ", " + after.minus(atWarmUp));
        assertTrue(connections.get() > CLIENTS, "the soak made almost no connections: " + totals);
        assertEquals(bytesSent.get(), bytesCheckedByServer.get(), totals);
        assertEquals(bytesSent.get(), bytesEchoedBack.get(), totals);
        assertTrue(descriptors() <= descriptorsAtWarmUp,
                "descriptors grew: " + descriptorsAtWarmUp + " while churning after warm-up, " + descriptors() + " after");
        assertTrue(after.rss - atWarmUp.rss <= RSS_BOUND_MIB << 20, "resident memory grew after warm-up: " + after.minus(atWarmUp));
        assertTrue(after.heap - atWarmUp.heap <= HEAP_BOUND_MIB << 20, "live heap grew after warm-up: " + after.minus(atWarmUp));
    }

    /** One client: connect, exchange 1 to 8 random messages, close; until {@code end}. */
    private Void churn(int port, SplittableRandom random, long end) throws IOException {
        byte[] message = new byte[MAX_MESSAGE];
        byte[] echo = new byte[MAX_MESSAGE];
        while (System.nanoTime() - end < 0) {
            try (Socket s = new Socket(LOOPBACK, port)) {
                s.setSoTimeout(READ_TIMEOUT_MILLIS);
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                InputStream in = s.getInputStream();
                for (int m = random.nextInt(1, MAX_MESSAGES_PER_CONNECTION + 1); m > 0; m--) {
                    int length = random.nextInt(1, MAX_MESSAGE + 1);
                    random.nextBytes(message);
                    out.writeInt(length);
                    out.write(message, 0, length);
                    out.writeLong(crc(message, length));
                    out.flush();
                    bytesSent.addAndGet(length);
                    readFully(in, echo, length);
                    if (!Arrays.equals(message, 0, length, echo, 0, length)) {
                        throw new AssertionError("the echo of a " + length + "-byte message differs from what was sent");
                    }
                    bytesEchoedBack.addAndGet(length);
                }
            }
            connections.incrementAndGet();
        }
        return null;
    }

    /** Accepts until the listener closes, a handler strand per connection; then joins the handlers. */
    private Void serve(ServerSocket ss) throws Exception {
        List<Strand<Void>> handlers = new ArrayList<>();
        try {
            while (true) {
                Socket s = ss.accept();
                handlers.add(Pal.spawn(() -> handle(s)));
                for (int i = handlers.size() - 1; i >= 0; i--) {
                    if (handlers.get(i).isDone()) {
                        handlers.remove(i).join(); // rethrows a handler's failure
                    }
                }
            }
        } catch (SocketException closed) {
            // the test closed the listener: churn is over
        }
        for (Strand<Void> h : handlers) {
            h.join(Duration.ofSeconds(60));
        }
        return null;
    }

    /** Checks each frame's CRC and echoes its bytes, until the client closes. */
    private Void handle(Socket socket) throws IOException {
        byte[] message = new byte[MAX_MESSAGE];
        try (socket) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException clientClosed) {
                    return null;
                }
                if (length < 1 || length > MAX_MESSAGE) {
                    throw new AssertionError("corrupted frame: length " + length);
                }
                in.readFully(message, 0, length);
                long crc = in.readLong();
                if (crc != crc(message, length)) {
                    throw new AssertionError("CRC mismatch on a " + length + "-byte message");
                }
                bytesCheckedByServer.addAndGet(length);
                out.write(message, 0, length);
                out.flush();
            }
        }
    }

    private static void readFully(InputStream in, byte[] b, int length) throws IOException {
        for (int n = 0; n < length; ) {
            int r = in.read(b, n, length - n);
            if (r < 0) {
                throw new EOFException("the server closed after " + n + " of " + length + " echoed bytes");
            }
            n += r;
        }
    }

    private static long crc(byte[] b, int length) {
        CRC32C c = new CRC32C();
        c.update(b, 0, length);
        return c.getValue();
    }

    private static int descriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        }
    }

    /** Resident set size, and heap in use after a full GC. */
    private record Memory(long rss, long heap) {
        static Memory now() throws IOException {
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long rssKib = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst().orElseThrow();
            return new Memory(rssKib << 10, heap);
        }

        String minus(Memory before) {
            return "RSS " + (before.rss >> 20) + " -> " + (rss >> 20) + " MiB, live heap "
                    + (before.heap >> 20) + " -> " + (heap >> 20) + " MiB";
        }
    }
}
