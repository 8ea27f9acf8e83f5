package io.pal.compat.net;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.compat.ChildJvm;
import io.pal.coroutines.CoroutineDiagnostics;
import io.pal.junit.AllBackends;
import io.pal.spi.BlockingCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The first socket waits of a program, made by strands on every carrier at once, hand a carrier's
 * work away for file I/O at most once: what they need first (the socket shim's hooks, the netpoll,
 * the classes of the wait's path, read from pal's jar) is made inside one blocking section, in
 * which each class load nests. Before, every class load of those opened a section of its own and
 * handed work away (14 in this program), and two at once brought two spare carriers. Counted by the
 * backend's hand-off counters, so no timing is involved. In a JVM of its own, so that no earlier
 * test has made them already.
 */
@AllBackends
@Timeout(value = 120)
class FirstSocketWaitsTest {

    static final int READERS = 50;

    /** The program: prints the file-I/O hand-offs that the readers' first waits caused, then all of them by call. */
    public static final class Program {
        public static void main(String[] args) throws Exception {
            try (ServerSocket server = new ServerSocket(0, READERS, InetAddress.getLoopbackAddress())) {
                List<Socket> clients = new ArrayList<>();
                List<Socket> accepted = new ArrayList<>();
                for (int i = 0; i < READERS; i++) {
                    clients.add(new Socket(server.getInetAddress(), server.getLocalPort()));
                    accepted.add(server.accept());
                }
                Thread[] readers = new Thread[READERS];
                List<Strand<?>> strands = new ArrayList<>();
                Map<BlockingCall, Long> before = handOffs();
                for (int i = 0; i < READERS; i++) {
                    int k = i;
                    strands.add(Pal.spawn(() -> {
                        readers[k] = Thread.currentThread();
                        InputStream in = accepted.get(k).getInputStream();
                        return in.read();
                    }));
                }
                for (int i = 0; i < READERS; i++) { // until every reader waits for its byte
                    while (readers[i] == null || readers[i].getState() != Thread.State.WAITING) {
                        Thread.onSpinWait();
                    }
                }
                Map<BlockingCall, Long> after = handOffs();
                for (Socket c : clients) {
                    c.getOutputStream().write(7);
                }
                for (Strand<?> s : strands) {
                    if (!Integer.valueOf(7).equals(s.join())) {
                        throw new AssertionError("a reader read something else");
                    }
                }
                Map<BlockingCall, Long> caused = new TreeMap<>();
                after.forEach((call, n) -> {
                    long d = n - before.getOrDefault(call, 0L);
                    if (d != 0) {
                        caused.put(call, d);
                    }
                });
                System.out.println(caused.getOrDefault(BlockingCall.FILE_IO, 0L));
                System.out.println(caused);
                for (Socket s : clients) {
                    s.close();
                }
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }

        private static Map<BlockingCall, Long> handOffs() {
            return CoroutineDiagnostics.active().map(d -> d.counts().handOffs()).orElseThrow();
        }
    }

    @Test
    void theFirstSocketWaitsOfStrandsOnEveryCarrierHandWorkAwayForFileIoAtMostOnce(BackendName backend) throws Exception {
        assumeTrue(backend == BackendName.COROUTINES, "hand-offs are the coroutine backend's");
        // No cache of rewritten JDK classes: a cold one is written at the first socket call, real file I/O.
        List<String> cmd = ChildJvm.java(List.of("-Dpal.backend=coroutines", "-Dpal.carriers=2", "-Dpal.transformCache=off",
                "-cp", System.getProperty("java.class.path"), Program.class.getName()));
        ChildJvm.Exit exit = ChildJvm.run(cmd);
        assertEquals(0, exit.status(), () -> "the program failed: " + exit.err());
        List<String> lines = exit.out().lines().toList();
        assertTrue(Long.parseLong(lines.get(0)) <= 1,
                () -> "the readers' first socket waits handed carriers' work away for file I/O more than once: " + lines.get(1));
    }
}
