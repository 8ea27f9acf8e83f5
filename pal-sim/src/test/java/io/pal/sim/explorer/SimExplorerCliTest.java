package io.pal.sim.explorer;

import io.pal.sim.Outcome;
import io.pal.sim.SimExplorer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The explorer as {@code bin/pal sim} runs it, in a JVM of its own: the lines it prints and its exit
 * status for a program with a bug, one without, and bad arguments.
 */
class SimExplorerCliTest {

    private static final String PROGRAMS = Path.of("target", "test-classes").toAbsolutePath().toString();

    record Exit(int status, List<String> out, List<String> err) {
    }

    private static Exit explore(List<String> properties, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-D") && !a.startsWith("-javaagent")).toList());
        cmd.addAll(properties);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SimExplorer.class.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the explorer did not end");
        return new Exit(p.exitValue(), new String(out, StandardCharsets.UTF_8).lines().toList(),
                new String(err, StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("WARNING")).toList());
    }

    @Test
    void theLowestFailingSeedIsReportedWithItsReasonAndReplayCommandAndStatusOne() throws Exception {
        Optional<Outcome> expected = SimExplorer.firstFailure(1, 60, PROGRAMS, LostUpdate.class.getName());
        assertTrue(expected.isPresent(), "no seed of 1..60 loses an update");
        long seed = expected.get().seed();
        Exit e = explore(List.of(), "--jobs", "2", "--seeds", "1..60", "--class-path", PROGRAMS, LostUpdate.class.getName());
        assertEquals(1, e.status(), e.toString());
        int at = e.out().indexOf("pal sim: seed " + seed + " failed: main ended with java.lang.IllegalStateException: lost update: 1");
        assertTrue(at > 0, e.toString());
        assertEquals("counter 1", e.out().get(at - 1 - e.out().subList(0, at).reversed().indexOf("counter 1")), e.toString());
        assertEquals("pal sim: replay it with: bin/pal run --backend sim --seed " + seed + " --strategy random --max-steps 10000000 -cp "
                + PROGRAMS + " " + LostUpdate.class.getName(), e.out().get(at + 1));
        assertEquals(at + 2, e.out().size(), e.toString());
    }

    @Test
    void pctSettingsAreInTheReplayCommand() throws Exception {
        Exit e = explore(List.of("-Dpal.sim.strategy=pct", "-Dpal.sim.pctDepth=2", "-Dpal.sim.maxSteps=5000"),
                "--jobs", "1", "--seeds", "3..9", "--class-path", PROGRAMS, ExitsFive.class.getName(), "x", "y");
        assertEquals(1, e.status(), e.toString());
        assertEquals(List.of("pal sim: seed 3 failed: System.exit(5)",
                "pal sim: replay it with: bin/pal run --backend sim --seed 3 --strategy pct --pct-depth 2 --max-steps 5000 -cp "
                        + PROGRAMS + " " + ExitsFive.class.getName() + " x y"), e.out());
    }

    @Test
    void whenNoSeedFailsItSaysHowManyPassedAndExitsZero() throws Exception {
        Exit e = explore(List.of(), "--jobs", "1", "--seeds", "5..24", "--class-path", PROGRAMS, Passes.class.getName());
        assertEquals(0, e.status(), e.toString());
        assertEquals(List.of("pal sim: 20 seeds passed"), e.out());
    }

    @Test
    void badArgumentsAreOneLineAndStatusTwo() throws Exception {
        Exit e = explore(List.of(), "--seeds", "9..3", "--class-path", PROGRAMS, Passes.class.getName());
        assertEquals(2, e.status(), e.toString());
        assertEquals(List.of("pal sim: --seeds 9..3 is not valid: expected A..B with 0 <= A <= B, or one seed"), e.err());
        Exit jobs = explore(List.of(), "--jobs", "0", "--seeds", "1..3", "--class-path", PROGRAMS, Passes.class.getName());
        assertEquals(2, jobs.status(), jobs.toString());
        assertEquals(List.of("pal sim: --jobs 0 is not valid: expected an integer from 1 to 256"), jobs.err());
    }
}
