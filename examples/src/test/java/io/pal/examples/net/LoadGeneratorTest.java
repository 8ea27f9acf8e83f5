package io.pal.examples.net;

import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@AllBackends
class LoadGeneratorTest {

    private static final int CONNECTIONS = 5;
    private static final int SIZE = 64;

    /** Echoes like {@link EchoServer#echo} and counts the bytes it sent back; counts down when a connection ends. */
    private static void countingEcho(Socket socket, AtomicLong echoed, CountDownLatch ended) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) > 0; ) {
                echoed.addAndGet(n); // before the write, so a client that has the echo sees it counted
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // counted what was echoed
        } finally {
            ended.countDown();
        }
    }

    @Test
    void countsExactlyTheRoundTripsTheServerAnswered() throws Exception {
        AtomicLong echoed = new AtomicLong();
        CountDownLatch ended = new CountDownLatch(CONNECTIONS);
        try (LoopbackServer server = new LoopbackServer(s -> countingEcho(s, echoed, ended))) {
            AtomicLong echoedWhenAllAnswered = new AtomicLong(-1);
            LoadGenerator.Result r = LoadGenerator.run(new LoadGenerator.Config(server.address(), new Exchange.Echo(SIZE),
                    CONNECTIONS, LoadGenerator.loopbackSources(3), 2, 2, Duration.ofSeconds(30),
                    Duration.ofMillis(50), Duration.ofMillis(200), () -> echoedWhenAllAnswered.set(echoed.get())));
            ended.await(); // every connection closed by the generator, so its count is final

            assertNull(r.failure());
            assertEquals(SIZE * CONNECTIONS, echoedWhenAllAnswered.get(), "one round trip each, then idle until the start");
            assertEquals(0, r.failedConnections());
            assertEquals(SIZE * r.total(), echoed.get(), "every response counted, and only those");
            assertEquals(r.requests(), r.latencies().count());
            assertTrue(r.total() >= r.requests() + CONNECTIONS, "first round trips are counted in total only");
        }
    }

    @Test
    void aServerThatNeverAnswersIsAFailureNotAHang() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (LoopbackServer server = new LoopbackServer(s -> {
            try (s) {
                release.await();
            } catch (IOException | InterruptedException e) {
                // closing
            }
        })) {
            LoadGenerator.Result r = LoadGenerator.run(new LoadGenerator.Config(server.address(), new Exchange.Echo(SIZE),
                    2, LoadGenerator.loopbackSources(0), 1, 10, Duration.ofMillis(300), Duration.ZERO, Duration.ofMillis(100),
                    LoadGenerator.Config.NOTHING));
            assertEquals("only 0 of 2 connections answered within 0.3 s", r.failure());
            assertEquals(0, r.total());
        } finally {
            release.countDown();
        }
    }
}
