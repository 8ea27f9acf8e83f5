package io.pal.coroutines;

import io.pal.Strand;
import io.pal.spi.PalConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Strands deadlocked on {@code synchronized} monitors are reported (virtual strands through pal's lock
 * graph, identity strands, each blocking a carrier of its own, through the JVM's detection)
 * within {@code pal.deadlockReportMillis}, naming every strand of the cycle with what it waits for,
 * who holds it, and its stack. A monitor deadlock cannot be undone (its carriers stay blocked for
 * good), so each case runs in a JVM of its own that exits once it has seen the report.
 */
class LockCycleReportTest {

    private static final long DELAY_MILLIS = 3_000;

    @ParameterizedTest(name = "a cycle of {0} {1} strands on {0} carriers")
    @CsvSource({"2, virtual", "3, virtual", "2, identity", "3, identity"})
    void aCycleOfMonitorsIsReportedWithTheStrandsAndTheirStacks(int strands, String kind) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-D" + PalConfig.DEADLOCK_REPORT_MILLIS + "=" + DELAY_MILLIS,
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), Integer.toString(strands), kind));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);

        assertTrue(out.contains("pal: deadlock: " + strands + " threads of "), out);
        for (int k = 0; k < strands; k++) {
            String held = "held by strand \"cycle-" + ((k + 1) % strands) + "\"";
            String where = kind.equals("virtual") ? "virtual" : "on carrier cycle-carrier-\\d+"; // a virtual strand leaves its carrier
            Matcher entry = Pattern.compile("\"cycle-" + k + "\" #\\d+ BLOCKED \\(" + where + ", waiting to lock "
                    + "java\\.lang\\.Object@\\w+ " + Pattern.quote(held) + " #\\d+\\)\n\tat ").matcher(out);
            assertTrue(entry.find(), "no entry for cycle-" + k + ":\n" + out);
        }
        assertTrue(out.contains("LockCycleReportTest$Child.enterBoth("), "the strands' stacks:\n" + out);
        Matcher after = Pattern.compile("reported (\\d+) ms after the strands blocked").matcher(out);
        assertTrue(after.find(), out);
        long ms = Long.parseLong(after.group(1));
        assertTrue(ms <= DELAY_MILLIS, "reported after " + ms + " ms, more than pal.deadlockReportMillis=" + DELAY_MILLIS);
    }

    /** Runs in the child JVM: {@code n} strands, each holding its monitor and entering the next one's. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            int n = Integer.parseInt(args[0]);
            boolean virtual = args[1].equals("virtual");
            CoroutineBackend b = CoroutineBackend.create("cycle", new PalConfig(n, n));
            Object[] monitors = new Object[n];
            for (int k = 0; k < n; k++) {
                monitors[k] = new Object();
            }
            AtomicInteger holding = new AtomicInteger();
            List<Strand<Void>> strands = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                Object mine = monitors[k];
                Object next = monitors[(k + 1) % n];
                Callable<Void> body = () -> enterBoth(mine, next, holding, n);
                strands.add(virtual ? b.spawn("cycle-" + k, body) : b.spawnIdentityStrand("cycle-" + k, body));
            }
            TestBackends.await("every strand blocked on a monitor", () -> {
                for (int i = 0; i < n; i++) {
                    // a virtual strand's thread is BLOCKED itself; an identity strand blocks its carrier
                    Thread t = virtual ? ((PalStrand<?>) strands.get(i)).thread() : b.scheduler().carrier(i);
                    if (t.getState() != Thread.State.BLOCKED) {
                        return false;
                    }
                }
                return true;
            });
            long blocked = System.nanoTime();
            CoroutineDiagnostics d = CoroutineDiagnostics.of(b).orElseThrow();
            Optional<String> report;
            while ((report = d.lastDeadlockReport()).isEmpty()
                    && System.nanoTime() - blocked < TimeUnit.MILLISECONDS.toNanos(10 * DELAY_MILLIS)) {
                Thread.sleep(5);
            }
            System.out.println(report.isPresent()
                    ? "reported " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - blocked) + " ms after the strands blocked"
                    : "no report " + 10 * DELAY_MILLIS + " ms after the strands blocked");
            System.out.flush();
            System.exit(report.isPresent() ? 0 : 1); // the carriers stay blocked for good: leave without them
        }

        /** Holds {@code mine} until every strand holds its own, then enters {@code next}: a cycle. */
        static Void enterBoth(Object mine, Object next, AtomicInteger holding, int n) {
            synchronized (mine) {
                holding.incrementAndGet();
                while (holding.get() < n) {
                    Thread.onSpinWait();
                }
                synchronized (next) {
                    return null;
                }
            }
        }
    }
}
