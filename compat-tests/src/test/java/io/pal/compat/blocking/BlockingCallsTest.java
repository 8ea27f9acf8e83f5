package io.pal.compat.blocking;

import io.pal.BackendName;
import io.pal.compat.ChildJvm;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.pal.compat.blocking.BlockingCases.DELAY_MILLIS;
import static io.pal.compat.blocking.BlockingCases.READ;
import static io.pal.compat.blocking.BlockingCases.WROTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every blocking JDK API of the README's coverage table, one test each, with the API the row names,
 * on one carrier: {@link BlockingProbe} makes each call in a strand of a JVM of its own (the backend
 * under test, {@code pal.carriers=1}, virtual threads' parallelism 1) while 100 strands nap 5 ms at a
 * time, the call's other party coming late ({@link BlockingCases}). Each test checks that the call
 * did its work and, where it is made to wait, that it waited; on threads and coroutines, that the
 * nappers were never held up by it: their worst lateness while it lasted is at most
 * {@link #LATE_MILLIS} above their worst lateness in a baseline window just before, on the same
 * machine under the same load (a pinned carrier shows the whole wait, 800 ms here). On coroutines it
 * also checks the hand-off was counted under the row's call. On virtual threads only the result is
 * checked: the JDK pins its carrier in most of these calls, which says nothing about pal.
 *
 * <p>All cases but {@code System.in} run in one probe JVM per backend, in turn; {@code System.in}
 * needs a JVM whose standard input the test writes to.
 */
@AllBackends
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BlockingCallsTest {

    /** How much later than in the baseline a napper may wake while a call blocks. */
    private static final long LATE_MILLIS = 100;
    /** A call made to wait for a late party twice waited at least this long. */
    private static final long WAITED_TWICE_MILLIS = 2 * DELAY_MILLIS * 9 / 10;

    private static final List<String> CASES = List.of("FileInputStream", "FileReader", "RandomAccessFile", "Scanner",
            "Files.newInputStream", "Files.newBufferedReader", "Files.readAllBytes", "Files.readString", "Files.lines",
            "Files.copy", "FileChannel.read", "FileOutputStream", "Files.write", "Files.writeString", "FileChannel.write",
            "FileChannel.transferTo", "FileChannel.lock", "Process.getInputStream", "Process.waitFor",
            "ProcessHandle.onExit", "InetAddress", "HttpClient.send", "JarFile", "FileDescriptor.sync");

    /** The probe's lines, by backend: one run per backend serves every test but System.in's. */
    private static final Map<BackendName, Map<String, Map<String, String>>> RUNS = new HashMap<>();
    /** FIFOs and files of the probes; removed after the class. */
    private static Path scratch;

    // ---------------------------------------------------------------- reads of a FIFO whose writer comes late, twice

    /**
     * One test per API (the parameter names it): a strand reads all of a FIFO through it; the FIFO's
     * writer opens its end late and writes its second line late again, so the call waits in its open
     * and in a read.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"FileInputStream", "FileReader", "RandomAccessFile", "Scanner", "Files.newInputStream",
            "Files.newBufferedReader", "Files.readAllBytes", "Files.readString", "Files.lines", "Files.copy",
            "FileChannel.read"})
    void aFifoReadHoldsUpNoOtherStrand(String api, BackendName b) throws Exception {
        assertSlowRead(b, api, "FILE_IO");
    }

    /** A child process's output, two lines each written after the delay (the JDK brackets the pipe's reads itself). */
    @Test
    void processInputStream(BackendName b) throws Exception {
        assertSlowRead(b, "Process.getInputStream", "JDK_BLOCKER");
    }

    // ---------------------------------------------------------------- writes into a FIFO whose reader comes late, twice

    /**
     * One test per API: a strand writes 256 KiB into a FIFO through it; the FIFO's reader opens its
     * end late and drains the pipe late again, so the call waits in its open and in a write (or, for
     * transferTo, in the kernel's copy into the pipe).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"FileOutputStream", "Files.write", "Files.writeString", "FileChannel.write",
            "FileChannel.transferTo"})
    void aFifoWriteHoldsUpNoOtherStrand(String api, BackendName b) throws Exception {
        Map<String, String> r = run(b, api);
        assertEquals(WROTE, r.get("result"));
        assertWaited(r, WAITED_TWICE_MILLIS);
        assertOnTime(b, r);
        assertHandedOff(b, r, "FILE_IO");
    }

    // ---------------------------------------------------------------- other parties

    /** FileChannel.lock() while another process holds the lock for twice the delay. */
    @Test
    void fileChannelLock(BackendName b) throws Exception {
        Map<String, String> r = run(b, "FileChannel.lock");
        assertEquals("locked after the holder: true", r.get("result"));
        assertWaited(r, WAITED_TWICE_MILLIS);
        assertOnTime(b, r);
        assertHandedOff(b, r, "JDK_BLOCKER");
    }

    /** 40 strands each wait for a child process that sleeps 0.3 s: on one carrier they overlap. */
    @Test
    void processWaitFor(BackendName b) throws Exception {
        Map<String, String> r = run(b, "Process.waitFor");
        String result = r.get("result");
        assertTrue(result.startsWith("exited-nonzero:0 "), result);
        int most = Integer.parseInt(result.substring(result.lastIndexOf(':') + 1));
        if (b != BackendName.VIRTUAL) {
            assertTrue(most > 1, "at most " + most + " strand waited for its process at once: the waits held the carrier");
        }
        assertHandedOff(b, r, "PROCESS");
    }

    /** ProcessHandle.onExit().get() on a child that exits after twice the delay: a future's get, which parks. */
    @Test
    void processHandleOnExit(BackendName b) throws Exception {
        Map<String, String> r = run(b, "ProcessHandle.onExit");
        assertEquals("exited: true, status 0", r.get("result"));
        assertWaited(r, WAITED_TWICE_MILLIS);
        assertOnTime(b, r);
    }

    /** 1,000 strands resolve localhost, each through the resolver (the address cache is off). */
    @Test
    void inetAddressLookups(BackendName b) throws Exception {
        Map<String, String> r = run(b, "InetAddress");
        assertEquals("loopback:1000", r.get("result"));
        assertHandedOff(b, r, "DNS");
    }

    /** java.net.http.HttpClient.send to a loopback server that answers after twice the delay: it parks. */
    @Test
    void httpClientSend(BackendName b) throws Exception {
        Map<String, String> r = run(b, "HttpClient.send");
        assertEquals("late answer", r.get("result"));
        assertWaited(r, WAITED_TWICE_MILLIS);
        assertOnTime(b, r);
    }

    /** A JarFile's entry read (RandomAccessFile underneath): fast here; what is checked is that each read hands off. */
    @Test
    void jarFileRead(BackendName b) throws Exception {
        Map<String, String> r = run(b, "JarFile");
        assertEquals("inside the jar", r.get("result"));
        assertOnTime(b, r);
        assertHandedOff(b, r, "FILE_IO");
    }

    /** FileDescriptor.sync (the JDK's Blocker): fast here; what is checked is that it hands off. */
    @Test
    void fileDescriptorSync(BackendName b) throws Exception {
        Map<String, String> r = run(b, "FileDescriptor.sync");
        assertEquals("synced true", r.get("result"));
        assertOnTime(b, r);
        assertHandedOff(b, r, "JDK_BLOCKER");
    }

    /** A line from System.in that arrives twice the delay after the strand starts reading. */
    @Test
    void systemIn(BackendName b) throws Exception {
        Map<String, String> r = probe(b, "a line from the test\n", List.of("System.in")).get("System.in");
        assertEquals("a line from the test", r.get("result"));
        assertWaited(r, WAITED_TWICE_MILLIS);
        assertOnTime(b, r);
        assertHandedOff(b, r, "JDK_BLOCKER");
    }

    // ---------------------------------------------------------------- checks

    private static void assertSlowRead(BackendName b, String name, String call) throws Exception {
        Map<String, String> r = run(b, name);
        assertEquals(READ, r.get("result"));
        assertWaited(r, WAITED_TWICE_MILLIS);
        assertOnTime(b, r);
        assertHandedOff(b, r, call);
    }

    /** The call really waited for its late party (else the lateness check proved nothing). */
    private static void assertWaited(Map<String, String> r, long millis) {
        long elapsed = Long.parseLong(r.get("elapsedMillis"));
        assertTrue(elapsed >= millis, "the call returned after " + elapsed + " ms: it never waited for its other party");
    }

    /** On threads and coroutines: no napper woke more than LATE_MILLIS later than in the baseline. */
    private static void assertOnTime(BackendName b, Map<String, String> r) {
        if (b == BackendName.VIRTUAL) {
            return;
        }
        long late = Long.parseLong(r.get("worstLatenessMillis"));
        long baseline = Long.parseLong(r.get("baselineLatenessMillis"));
        assertTrue(late <= baseline + LATE_MILLIS, "a napper woke " + late + " ms late (" + baseline
                + " ms in the baseline window): the blocked call held up its carrier");
    }

    /** On coroutines: the hand-offs during the call name {@code call} with a count above zero. */
    private static void assertHandedOff(BackendName b, Map<String, String> r, String call) {
        if (b == BackendName.COROUTINES) {
            String counts = r.get("handOffs");
            assertTrue(counts != null && counts.matches(".*\\b" + call + "=[1-9].*"), "hand-offs: " + counts);
        }
    }

    // ---------------------------------------------------------------- the probe

    /** The lines of case {@code name} from this backend's probe run (one run for every case). */
    private static synchronized Map<String, String> run(BackendName b, String name) throws Exception {
        if (!RUNS.containsKey(b)) {
            RUNS.put(b, probe(b, null, CASES));
        }
        Map<String, String> r = RUNS.get(b).get(name);
        assertTrue(r != null && r.containsKey("result"), "the probe printed nothing for " + name + ": " + RUNS.get(b));
        return r;
    }

    @AfterAll
    static void removeScratch() throws IOException {
        if (scratch != null) {
            try (Stream<Path> s = Files.walk(scratch)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * Runs the probe in a new JVM on {@code backend} with one carrier and returns its lines by case;
     * with {@code stdin}, writes it to the probe twice the delay after it says "ready".
     */
    private static Map<String, Map<String, String>> probe(BackendName backend, String stdin, List<String> cases)
            throws Exception {
        if (scratch == null) {
            scratch = Files.createTempDirectory("pal-blocking");
        }
        List<String> cmd = new ArrayList<>(ChildJvm.java(List.of("-ea", "-Dpal.backend=" + backend.id(),
                "-Dpal.carriers=1", "-Djdk.virtualThreadScheduler.parallelism=1", "-Dsun.net.inetaddr.ttl=0",
                "-cp", System.getProperty("java.class.path"), BlockingProbe.class.getName(), scratch.toString())));
        cmd.addAll(cases);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream(), ready));
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                ready.get(60, TimeUnit.SECONDS);
                Thread.sleep(2 * DELAY_MILLIS); // the line comes late on purpose; the probe reports how long its read blocked
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the probe did not finish: " + cmd + "; it printed:\n" + out.getNow("(nothing)"));
        }
        String text = out.get();
        assertEquals(0, p.exitValue(), "probe exit status; output:\n" + text);
        System.out.print("[" + backend.id() + "] " + text.replace("\n", "\n[" + backend.id() + "] "));
        System.out.println();
        Map<String, Map<String, String>> result = new HashMap<>();
        for (String line : text.lines().toList()) {
            int eq = line.indexOf('=');
            int dot = eq > 0 ? line.lastIndexOf('.', eq) : -1;
            if (dot > 0) {
                result.computeIfAbsent(line.substring(0, dot), k -> new HashMap<>())
                        .put(line.substring(dot + 1, eq), line.substring(eq + 1));
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
