package io.pal.compat.blocking;

import io.pal.BackendName;
import io.pal.compat.ChildJvm;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.pal.compat.blocking.BlockingCases.DELAY_MILLIS;
import static io.pal.compat.blocking.BlockingCases.READ;
import static io.pal.compat.blocking.BlockingCases.WROTE;
import static io.pal.compat.blocking.BlockingCases.WROTE_FIRST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every blocking JDK API of the README's coverage table, one test each, with the API the row names,
 * on one carrier: {@link BlockingProbe} makes each call in a strand of a JVM of its own (the backend
 * under test, {@code pal.carriers=1}, virtual threads' parallelism 1) while 100 strands nap 5 ms at a
 * time, the call's other party coming late ({@link BlockingCases}). Each test checks that the call
 * did its work and, where it is made to wait, that it waited; on threads and coroutines, that the
 * nappers were never held up by it: their worst lateness while it lasted is at most
 * {@link #LATE_MILLIS} above their worst lateness in baseline windows just before and after, on the
 * same machine under the same load (a pinned carrier shows the whole wait, 800 ms here). On coroutines it
 * also checks the hand-off was counted under the row's call. On virtual threads only the result is
 * checked: the JDK pins its carrier in most of these calls, which says nothing about pal.
 *
 * <p>Each case runs in a probe JVM of its own: a call that held the only carrier leaves the
 * scheduler disturbed for a while (measured: baselines of 100-170 ms after such a case, against
 * 2-15 ms), which would hide the next case's failure behind its own baseline.
 */
@AllBackends
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BlockingCallsTest {

    /** How much later than in the baseline a napper may wake while a call blocks. */
    private static final long LATE_MILLIS = 100;
    /**
     * The fewest blocking sections a read of a FIFO whose writer writes two lines late makes: one read
     * for each line and one for the end (a read that opens in the strand makes one more).
     */
    private static final int READS = 3;
    /** A call made to wait for a late party twice waited at least this long. */
    private static final long WAITED_TWICE_MILLIS = 2 * DELAY_MILLIS * 9 / 10;

    /** What gives the console case a terminal. */
    private static final Path SCRIPT = Path.of("/usr/bin/script");
    /** FIFOs and files of the probes; removed after the class. */
    private static Path scratch;

    // ---------------------------------------------------------------- reads of a FIFO whose writer comes late, twice

    /**
     * One test per API (the parameter names it): a strand reads all of a FIFO through it; the FIFO is
     * open at both ends already (its open returns at once) and its writer writes each of two lines
     * late, so the call waits in its reads.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"FileInputStream", "FileReader", "RandomAccessFile", "Scanner", "Files.newInputStream",
            "Files.newBufferedReader", "Files.readAllBytes", "Files.readString", "Files.lines", "Files.copy",
            "FileChannel.read"})
    void aFifoReadHoldsUpNoOtherStrand(String api, BackendName b) throws Exception {
        assertSlowRead(b, api, "FILE_IO", READS);
    }

    /**
     * A child process's output, two lines each written after the delay (the JDK brackets the pipe's
     * reads itself). Two sections, one per late line: the end may come from the buffer the JDK's
     * reaper fills once the process exits, without a read of the pipe.
     */
    @Test
    void processInputStream(BackendName b) throws Exception {
        assertSlowRead(b, "Process.getInputStream", "JDK_BLOCKER", 2);
    }

    // ---------------------------------------------------------------- writes into a FIFO whose reader comes late, twice

    /**
     * One test per API: a strand writes 256 KiB into a FIFO through it; the FIFO is open at both ends
     * already and its reader drains the pipe late, so the call waits in its writes (for transferTo,
     * in the kernel's copy into the pipe).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"FileOutputStream, 2", "Files.write, 2", "Files.writeString, 2", "FileChannel.write, 1",
            "FileChannel.transferTo, 1"})
    void aFifoWriteHoldsUpNoOtherStrand(String api, int sections, BackendName b) throws Exception {
        Map<String, String> r = run(b, api);
        assertEquals(WROTE, r.get("result"));
        assertWaited(r, WAITED_TWICE_MILLIS);
        assertOnTime(b, r);
        assertHandedOff(b, r, "FILE_IO", sections);
    }

    /** A FIFO opened for reading, through the API named, whose writer opens twice the delay late: the open waits. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"open to read: FileInputStream", "open to read: Files.newInputStream"})
    void aFifoOpenForReadingHoldsUpNoOtherStrand(String api, BackendName b) throws Exception {
        Map<String, String> r = run(b, api);
        assertEquals("first line", r.get("result"));
        assertWaited(r, WAITED_TWICE_MILLIS);
        assertOnTime(b, r);
        assertHandedOff(b, r, "FILE_IO", 3); // the open, the read of the line, the read of the end
    }

    /** A FIFO opened for writing, through the API named, whose reader opens twice the delay late: the open waits. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"open to write: FileOutputStream", "open to write: Files.newOutputStream"})
    void aFifoOpenForWritingHoldsUpNoOtherStrand(String api, BackendName b) throws Exception {
        Map<String, String> r = run(b, api);
        assertEquals(WROTE_FIRST, r.get("result"));
        assertWaited(r, WAITED_TWICE_MILLIS);
        assertOnTime(b, r);
        assertHandedOff(b, r, "FILE_IO", 2); // the open and the write
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
        Map<String, String> r = probe(b, "a line from the test\n", "System.in");
        assertEquals("a line from the test", r.get("result"));
        assertWaited(r, WAITED_TWICE_MILLIS);
        assertOnTime(b, r);
        assertHandedOff(b, r, "JDK_BLOCKER");
    }

    /**
     * A line read through {@code System.console()}, typed twice the delay after the strand starts
     * reading: the probe runs on a terminal of its own ({@code script}), since without one there is
     * no console.
     */
    @Test
    void consoleReadLine(BackendName b) throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "no " + SCRIPT + " to give the probe a terminal");
        Map<String, String> r = probe(b, "a line typed late\n", "Console");
        assertEquals("a line typed late", r.get("result"));
        assertWaited(r, WAITED_TWICE_MILLIS);
        assertOnTime(b, r);
        assertHandedOff(b, r, "FILE_IO");
    }

    // ---------------------------------------------------------------- checks

    private static void assertSlowRead(BackendName b, String name, String call, int sections) throws Exception {
        Map<String, String> r = run(b, name);
        assertEquals(READ, r.get("result"));
        assertWaited(r, WAITED_TWICE_MILLIS);
        assertOnTime(b, r);
        assertHandedOff(b, r, call, sections);
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
                + " ms in the baseline windows): the blocked call held up its carrier");
    }

    /** On coroutines: the hand-offs during the call name {@code call} at least once. */
    private static void assertHandedOff(BackendName b, Map<String, String> r, String call) {
        assertHandedOff(b, r, call, 1);
    }

    /**
     * On coroutines: the hand-offs during the call name {@code call} at least {@code sections} times:
     * a count of the call's own blocking sections (a read the JDK brackets by nothing is not one),
     * which a rescue by the monitor cannot fake, whatever the lateness.
     */
    private static void assertHandedOff(BackendName b, Map<String, String> r, String call, int sections) {
        if (b == BackendName.COROUTINES) {
            String counts = r.get("handOffs");
            Matcher m = Pattern.compile("\\b" + call + "=(\\d+)").matcher(counts);
            int n = m.find() ? Integer.parseInt(m.group(1)) : 0;
            assertTrue(n >= sections, "hand-offs " + counts + ": expected at least " + sections + " " + call);
        }
    }

    // ---------------------------------------------------------------- the probe

    /** The lines of case {@code name}, run in a probe JVM of its own (a case that held its carrier must not disturb the next one's baseline). */
    private static Map<String, String> run(BackendName b, String name) throws Exception {
        return probe(b, null, name);
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
     * Runs case {@code name} in a new probe JVM on {@code backend} with one carrier and returns its
     * lines; with {@code stdin}, writes it to the probe twice the delay after it says "ready".
     */
    private static Map<String, String> probe(BackendName backend, String stdin, String name) throws Exception {
        if (scratch == null) {
            scratch = Files.createTempDirectory("pal-blocking");
        }
        List<String> java = ChildJvm.java(List.of("-ea", "-Dpal.backend=" + backend.id(),
                "-Dpal.carriers=1", "-Djdk.virtualThreadScheduler.parallelism=1", "-Dsun.net.inetaddr.ttl=0",
                "-cp", System.getProperty("java.class.path"), BlockingProbe.class.getName(), scratch.toString(), name));
        // the console case runs on a terminal: script(1) gives the JVM one, and passes what the test writes to it
        List<String> cmd = name.equals("Console")
                ? List.of(SCRIPT.toString(), "-qec", java.stream().map(BlockingCallsTest::quoted).collect(Collectors.joining(" ")), "/dev/null")
                : java;
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
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the probe did not finish: " + cmd + "; it printed:\n" + out.getNow("(nothing)"));
        }
        String text = out.get();
        assertEquals(0, p.exitValue(), "probe exit status; output:\n" + text);
        System.out.print(text.lines().map(l -> "[" + backend.id() + "] " + l + "\n").collect(Collectors.joining()));
        Map<String, String> result = new HashMap<>();
        String prefix = name + ".";
        for (String line : text.lines().map(String::strip).toList()) { // a terminal ends lines with \r\n
            int eq = line.indexOf('=');
            if (eq > 0 && line.startsWith(prefix)) {
                result.put(line.substring(prefix.length(), eq), line.substring(eq + 1));
            }
        }
        assertTrue(result.containsKey("result"), "the probe printed no result for " + name + ":\n" + text);
        return result;
    }

    /** {@code arg} quoted for sh. */
    private static String quoted(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** The probe's whole stdout; completes {@code ready} at its line "ready" (or at its end, so nobody waits forever). */
    private static String readAll(InputStream in, CompletableFuture<Void> ready) {
        StringBuilder sb = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                sb.append(line).append('\n');
                if (line.strip().equals("ready")) {
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
