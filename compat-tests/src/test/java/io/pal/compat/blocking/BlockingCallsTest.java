package io.pal.compat.blocking;

import io.pal.BackendName;
import io.pal.compat.ChildJvm;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Blocking calls that cannot suspend a strand, on one carrier: each case runs {@link BlockingProbe}
 * in a JVM of its own with the backend under test, {@code pal.carriers=1} and virtual threads'
 * parallelism 1, and checks that the call did its work and, for the reads that wait 1 s for a late
 * writer, that the 100 strands sleeping 5 ms at a time beside the blocked one were never held up by
 * it (worst lateness under 100 ms). On coroutines the hand-off is also counted by call.
 */
@AllBackends
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BlockingCallsTest {

    /** Lateness a sleeper may see from scheduling noise on a loaded 2-core machine; the blocked calls last 1 s. */
    private static final long LATE_MILLIS = 100;

    /**
     * A FIFO opened and read by a strand, its writer 1 s late. Virtual threads are not checked: the
     * JDK does not compensate a FileInputStream's open or read (JDK 25 shows the sleepers a full
     * second late with parallelism 1), so the probe's result there says nothing about pal.
     */
    @Test
    void aFifoReadHoldsUpNoOtherStrand(BackendName backend, @TempDir Path dir) throws Exception {
        assumeTrue(backend != BackendName.VIRTUAL, "virtual threads pin their carrier in FileInputStream (JDK 25)");
        Map<String, String> r = probe(backend, null, "fifo", dir.toString());
        assertEquals("through the fifo", r.get("result"));
        assertBlockedLong(r);
        assertOnTime(r);
        assertHandedOff(backend, r, "FILE_IO");
    }

    /** 40 strands each wait for a child process that sleeps 0.3 s: on one carrier they overlap (one after another would take 12 s). */
    @Test
    void processWaitsOverlap(BackendName backend) throws Exception {
        Map<String, String> r = probe(backend, null, "process");
        assertEquals("exited-nonzero:0", r.get("result"));
        long elapsed = Long.parseLong(r.get("elapsedMillis"));
        assertTrue(elapsed < 6_000, "40 waits of 0.3 s took " + elapsed + " ms: they did not overlap");
        assertHandedOff(backend, r, "PROCESS");
    }

    /** 1,000 strands resolve localhost, each through the resolver (the address cache is off). */
    @Test
    void localhostResolvesInAThousandStrands(BackendName backend) throws Exception {
        Map<String, String> r = probe(backend, null, "dns");
        assertEquals("loopback:1000", r.get("result"));
        assertHandedOff(backend, r, "DNS");
    }

    /** A strand reads a line from System.in that arrives 1 s after the program is ready. */
    @Test
    void aStdinReadHoldsUpNoOtherStrand(BackendName backend) throws Exception {
        Map<String, String> r = probe(backend, "a line from the test\n", "stdin");
        assertEquals("a line from the test", r.get("result"));
        assertBlockedLong(r);
        assertOnTime(r);
        assertHandedOff(backend, r, "JDK_BLOCKER");
    }

    /** The probe's blocking read really waited for the late writer (else the lateness check proved nothing). */
    private static void assertBlockedLong(Map<String, String> r) {
        long elapsed = Long.parseLong(r.get("elapsedMillis"));
        assertTrue(elapsed >= 900, "the read returned after " + elapsed + " ms: it never waited for the late writer");
    }

    private static void assertOnTime(Map<String, String> r) {
        long late = Long.parseLong(r.get("worstLatenessMillis"));
        assertTrue(late < LATE_MILLIS, "a sleeper woke " + late + " ms late: the blocked call held up its carrier");
    }

    /** On coroutines: the probe's hand-off counts name {@code call} with a count above zero. */
    private static void assertHandedOff(BackendName backend, Map<String, String> r, String call) {
        if (backend == BackendName.COROUTINES) {
            String counts = r.get("handOffs");
            assertTrue(counts != null && counts.matches(".*\\b" + call + "=[1-9].*"), "hand-offs: " + counts);
        }
    }

    /**
     * Runs the probe in a new JVM on {@code backend} with one carrier and returns its
     * {@code key=value} lines; with {@code stdin}, writes it to the probe 1 s after it says "ready".
     */
    private static Map<String, String> probe(BackendName backend, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(ChildJvm.java(List.of("-ea", "-Dpal.backend=" + backend.id(),
                "-Dpal.carriers=1", "-Djdk.virtualThreadScheduler.parallelism=1", "-Dsun.net.inetaddr.ttl=0",
                "-cp", System.getProperty("java.class.path"), BlockingProbe.class.getName())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream(), ready));
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                ready.get(60, TimeUnit.SECONDS);
                Thread.sleep(1_000); // the line comes late on purpose; the probe reports how long its read blocked
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the probe did not finish: " + cmd);
        }
        String text = out.get();
        assertEquals(0, p.exitValue(), "probe exit status; output:\n" + text);
        Map<String, String> result = new HashMap<>();
        for (String line : text.lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                result.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return result;
    }

    /** The probe's whole stdout; completes {@code ready} at its line "ready" (or at its end, so nobody waits forever). */
    private static String readAll(InputStream in, CompletableFuture<Void> ready) {
        StringBuilder sb = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                sb.append(line).append('\n');
                if (line.equals("ready")) {
                    ready.complete(null);
                }
            }
            return sb.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            ready.complete(null);
        }
    }
}
