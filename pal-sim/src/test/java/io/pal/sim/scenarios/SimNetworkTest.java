package io.pal.sim.scenarios;

import io.pal.sim.Outcome;
import io.pal.sim.SimRunner;
import io.pal.spi.SimConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sockets between the strands of a run go through its in-memory network: every byte arrives, in
 * order, in reads whose sizes the seed chooses; timeouts run on virtual time; faults are drawn
 * from the seed.
 */
class SimNetworkTest {

    private static SimConfig config(long seed, String net) {
        return new SimConfig(seed, SimConfig.Strategy.RANDOM, 3, 1_000_000, false, SimConfig.DEFAULT_EPOCH,
                SimConfig.NetFaults.parse(net));
    }

    /** Sends 1,000 bytes in one write; returns the sizes of the reads that received them. */
    private static List<Integer> transfer(SimConfig config, byte[] received) throws Exception {
        List<Integer> reads = new ArrayList<>();
        Outcome o = SimRunner.run(config, () -> {
            byte[] data = new byte[1000];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) i;
            }
            try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                Thread client = new Thread(() -> {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                        s.getOutputStream().write(data);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                client.start();
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    ByteArrayOutputStream all = new ByteArrayOutputStream();
                    byte[] buf = new byte[4096];
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        reads.add(n);
                        all.write(buf, 0, n);
                    }
                    System.arraycopy(all.toByteArray(), 0, received, 0, Math.min(received.length, all.size()));
                    assertEquals(1000, all.size());
                }
                client.join();
            }
        }, System.err);
        assertEquals(Outcome.Kind.PASSED, o.kind(), o.reason());
        return reads;
    }

    @Test
    void everyByteArrivesInOrderInReadsWhoseSizesFollowTheSeed() throws Exception {
        byte[] received = new byte[1000];
        List<Integer> a = transfer(config(4, ""), received);
        for (int i = 0; i < received.length; i++) {
            assertEquals((byte) i, received[i]);
        }
        assertEquals(a, transfer(config(4, ""), new byte[1000]));
        assertTrue(a.size() > 1, "one write arrived in one read: " + a);
    }

    @Test
    void aReadTimeoutRunsOnVirtualTime() {
        Outcome o = SimRunner.run(config(1, ""), () -> {
            try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                 Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 Socket s = server.accept()) {
                s.setSoTimeout(90_000);
                long t0 = System.nanoTime();
                assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
                assertEquals(TimeUnit.SECONDS.toNanos(90), System.nanoTime() - t0);
            }
        }, System.err);
        assertEquals(Outcome.Kind.PASSED, o.kind(), o.reason());
    }

    @Test
    void nothingListeningRefusesAndOnlyLoopbackIsReachable() {
        Outcome o = SimRunner.run(config(1, ""), () -> {
            assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), 4444));
            assertThrows(SocketException.class, () -> new Socket(InetAddress.getByAddress(new byte[] {10, 0, 0, 1}), 80));
        }, System.err);
        assertEquals(Outcome.Kind.PASSED, o.kind(), o.reason());
    }

    @Test
    void latencyDelaysDeliveryOnVirtualTimeAndResetsAreDrawnFromTheSeed() throws Exception {
        long[] elapsed = new long[1];
        Outcome o = SimRunner.run(config(2, "latency=30-30ms"), () -> {
            try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                 Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 Socket s = server.accept()) {
                long t0 = System.nanoTime();
                c.getOutputStream().write(1);
                assertEquals(1, s.getInputStream().read());
                elapsed[0] = System.nanoTime() - t0;
            }
        }, System.err);
        assertEquals(Outcome.Kind.PASSED, o.kind(), o.reason());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(30), elapsed[0]);
        Outcome reset = SimRunner.run(config(2, "reset=1"), () -> {
            try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                 Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 Socket s = server.accept()) {
                SocketException e = assertThrows(SocketException.class, () -> c.getOutputStream().write(1));
                assertTrue(e.getMessage().contains("reset"), e.getMessage());
                assertThrows(SocketException.class, () -> s.getInputStream().read());
            }
        }, System.err);
        assertEquals(Outcome.Kind.PASSED, reset.kind(), reset.reason());
    }

    /** {@code partition=A-Bms}: a byte due inside the window arrives at its end; one due before or after it is not held. */
    @Test
    void aPartitionHoldsWhatWouldArriveInsideItUntilItHeals() {
        long[] arrived = new long[3];
        Outcome o = SimRunner.run(config(3, "latency=10-10ms,partition=100-400ms,partition=1000-1001ms"), () -> {
            try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                 Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 Socket s = server.accept()) {
                long t0 = System.nanoTime(); // the run began here: connecting takes no virtual time
                c.getOutputStream().write(1);                // due at 10 ms: before the partition
                assertEquals(1, s.getInputStream().read());
                arrived[0] = System.nanoTime() - t0;
                Thread.sleep(150);                           // now 160 ms: inside it
                c.getOutputStream().write(2);                // due at 170 ms: held until 400
                assertEquals(2, s.getInputStream().read());
                arrived[1] = System.nanoTime() - t0;
                c.getOutputStream().write(3);                // due at 410 ms: after it
                assertEquals(3, s.getInputStream().read());
                arrived[2] = System.nanoTime() - t0;
            }
        }, System.err);
        assertEquals(Outcome.Kind.PASSED, o.kind(), o.reason());
        assertEquals(List.of(10L, 400L, 410L), java.util.Arrays.stream(arrived).map(TimeUnit.NANOSECONDS::toMillis).boxed().toList());
    }
}
