package io.pal.compat.net;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.compat.ChildJvm;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The coroutine backend's driver (the sched package essay: timers and the netpoll are served by the
 * carriers): 1,000 strands that sleep over and over and 100 strands that read sockets, on 2
 * carriers, run on at most 3 carrier threads, and no timer or poller thread runs beside them. Only
 * calls that really block a carrier may bring a spare; none of these does. In a JVM of its own, so
 * that no other test's spares or threads count.
 */
@AllBackends
@Timeout(value = 120)
class DriverThreadsTest {

    static final int SLEEPERS = 1_000;
    static final int READERS = 100;
    /** Rounds of the program: each, every sleeper sleeps once and every reader reads one byte. */
    static final int ROUNDS = 20;

    /** The program: prints the carrier threads it ever saw, then every other thread it ever saw, one per line. */
    public static final class Program {
        public static void main(String[] args) throws Exception {
            Set<String> seen = new TreeSet<>();
            List<Strand<?>> strands = new ArrayList<>();
            try (ServerSocket server = new ServerSocket(0, READERS, InetAddress.getLoopbackAddress())) {
                List<Socket> writers = new ArrayList<>();
                for (int i = 0; i < READERS; i++) {
                    Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                    Socket accepted = server.accept();
                    writers.add(client);
                    strands.add(Pal.spawn(() -> {
                        InputStream in = accepted.getInputStream();
                        for (int r = 0; r < ROUNDS; r++) {
                            if (in.read() < 0) {
                                throw new AssertionError("early end of stream");
                            }
                        }
                        accepted.close();
                        return null;
                    }));
                }
                for (int i = 0; i < SLEEPERS; i++) {
                    long nanos = 1_000_000L + (i % 20) * 1_000_000L; // 1 to 20 ms: deadlines spread out
                    strands.add(Pal.spawn(() -> {
                        for (int r = 0; r < ROUNDS; r++) {
                            Pal.sleep(Duration.ofNanos(nanos));
                        }
                        return null;
                    }));
                }
                for (int r = 0; r < ROUNDS; r++) {
                    for (Socket w : writers) {
                        OutputStream out = w.getOutputStream();
                        out.write(r);
                        out.flush();
                    }
                    look(seen);
                    Thread.sleep(10); // the readers wait for the next byte meanwhile: socket waits, not spinning
                }
                for (Strand<?> s : strands) {
                    while (!s.isDone()) {
                        look(seen);
                        Thread.sleep(5);
                    }
                    s.join();
                }
                look(seen);
                for (Socket w : writers) {
                    w.close();
                }
            }
            seen.forEach(System.out::println);
        }

        private static void look(Set<String> seen) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                seen.add(t.getName());
            }
        }
    }

    @Test
    void sleepersAndSocketReadersOnTwoCarriersRunOnAtMostThreeCarrierThreadsAndNoTimerOrPollerThread(
            BackendName backend) throws Exception {
        assumeTrue(backend == BackendName.COROUTINES, "carrier threads are the coroutine backend's");
        List<String> cmd = ChildJvm.java(List.of("-Dpal.backend=coroutines", "-Dpal.carriers=2",
                "-cp", System.getProperty("java.class.path"), Program.class.getName()));
        ChildJvm.Exit exit = ChildJvm.run(cmd);
        assertEquals(0, exit.status(), () -> "the program failed: " + exit.err());
        List<String> threads = exit.out().lines().toList();
        List<String> carriers = threads.stream().filter(n -> n.contains("-carrier-")).toList();
        assertTrue(!carriers.isEmpty(), () -> "no carrier thread seen: " + threads);
        assertTrue(carriers.size() <= 3, () -> carriers.size() + " carrier threads, at most 3 expected: " + carriers);
        List<String> pals = threads.stream().filter(n -> n.startsWith("pal-") && !n.contains("-carrier-")).toList();
        assertEquals(List.of("pal-watchdog"), pals, () -> "pal's threads beside the carriers: " + threads);
        // Nor a JDK thread that waits for timers or sockets on the strands' behalf: only the JDK's
        // MasterPoller, which its poller class starts when it is loaded and no strand's wait reaches.
        List<String> drivers = threads.stream()
                .filter(n -> n.toLowerCase(Locale.ROOT).matches(".*(timer|poller|unparker).*") && !n.equals("MasterPoller"))
                .toList();
        assertEquals(List.of(), drivers, () -> "threads beside the carriers that wait for timers or I/O: " + threads);
        // The JDK's own poller would wait for the sockets in virtual threads of its default scheduler,
        // whose carriers are that ForkJoinPool's workers: none may run, the strands wait in the netpoll.
        List<String> jdkCarriers = threads.stream().filter(n -> n.startsWith("ForkJoinPool-")).toList();
        assertEquals(List.of(), jdkCarriers, () -> "the JDK's virtual-thread carriers ran (its poller served a strand): " + threads);
    }
}
