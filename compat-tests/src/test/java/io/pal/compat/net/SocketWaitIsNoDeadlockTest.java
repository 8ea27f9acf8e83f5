package io.pal.compat.net;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.compat.ChildJvm;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A strand that waits in a socket read waits in the coroutine backend's netpoll, so the watchdog's
 * deadlock report, which looks for strands that nothing can wake, counts it as an I/O wait and
 * stays quiet. While strands (JDK virtual threads on pal's scheduler, ADR 0017) waited in the JDK's
 * own poller instead, the backend saw one parked strand, no timer and no I/O wait, and reported a
 * deadlock. In a JVM of its own, with the report's delay shortened to 100 ms, watched for ten
 * times that.
 */
@AllBackends
@Timeout(value = 120)
class SocketWaitIsNoDeadlockTest {

    /** How long the program's reader waits for its byte: ten times the report delay the test sets. */
    static final long WAIT_MILLIS = 1_000;

    /** The program: a strand reads a byte that the main thread sends only after {@link #WAIT_MILLIS}; prints it. */
    public static final class Program {
        public static void main(String[] args) throws Exception {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                 Socket accepted = server.accept()) {
                Strand<Integer> reader = Pal.spawn(() -> {
                    InputStream in = accepted.getInputStream();
                    return in.read();
                });
                Thread.sleep(WAIT_MILLIS); // the reader waits in its socket meanwhile: the window the watchdog looks at
                client.getOutputStream().write(42);
                System.out.println("read " + reader.join());
            }
        }
    }

    @Test
    void aStrandWaitingInASocketReadIsNoDeadlock(BackendName backend) throws Exception {
        assumeTrue(backend == BackendName.COROUTINES, "the deadlock report is the coroutine backend's");
        List<String> cmd = ChildJvm.java(List.of("-Dpal.backend=coroutines", "-Dpal.deadlockReportMillis=100",
                "-cp", System.getProperty("java.class.path"), Program.class.getName()));
        ChildJvm.Exit exit = ChildJvm.run(cmd);
        assertEquals(0, exit.status(), () -> "the program failed: " + exit.err());
        assertEquals("read 42", exit.out().strip());
        assertEquals(List.of(), exit.err().stream().filter(l -> l.contains("possible deadlock")).toList(),
                () -> "a deadlock was reported while the strand waited for its socket:\n" + String.join("\n", exit.err()));
    }
}
