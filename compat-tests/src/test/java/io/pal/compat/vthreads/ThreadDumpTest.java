package io.pal.compat.vthreads;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;
import io.pal.compat.Await;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDK's own thread dump, {@code jcmd <pid> Thread.dump_to_file}, lists every live strand with its
 * stack on every backend: debuggers, profilers and an operator's jcmd see strands, not carriers.
 * Before strands were virtual threads, the coroutine backend's dump listed 0 of 1,000 parked strands.
 */
@AllBackends
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ThreadDumpTest {

    private static final int STRANDS = 1_000;
    /** A dump's entry: {@code #tid "name" [virtual] STATE time}, then its frames up to a blank line. */
    private static final Pattern ENTRY = Pattern.compile("(?m)^#\\d+ \"([^\"]*)\"[^\\n]*\\n((?:[ \\t]+[^\\n]*\\n)*)");

    @Test
    void jcmdThreadDumpListsEveryStrandWithItsStack(@TempDir Path dir) throws Exception {
        AtomicBoolean release = new AtomicBoolean();
        List<Strand<Void>> strands = new ArrayList<>();
        for (int i = 0; i < STRANDS; i++) {
            strands.add(Pal.spawn("dumped-" + i, () -> {
                parkHere(release);
                return null;
            }));
        }
        for (Strand<Void> s : strands) {
            Await.until(s.name() + " parked", () -> s.state() == StrandState.PARKED);
        }
        Path file = dir.resolve("threads.txt");
        String jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd").toString();
        Process p = new ProcessBuilder(jcmd, Long.toString(ProcessHandle.current().pid()), "Thread.dump_to_file", file.toString())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "jcmd did not finish: " + said);
        assertEquals(0, p.exitValue(), said);
        release.set(true);
        strands.forEach(Pal::unpark);
        for (Strand<Void> s : strands) {
            s.join();
        }

        Map<String, String> stacks = new HashMap<>();
        Matcher m = ENTRY.matcher(Files.readString(file));
        while (m.find()) {
            stacks.put(m.group(1), m.group(2));
        }
        int listed = 0;
        int withStack = 0;
        for (int i = 0; i < STRANDS; i++) {
            String stack = stacks.get("dumped-" + i);
            if (stack != null) {
                listed++;
                withStack += stack.contains(ThreadDumpTest.class.getName() + ".parkHere(") ? 1 : 0;
            }
        }
        assertEquals(STRANDS, listed, "strands the dump lists");
        assertEquals(STRANDS, withStack, "strands the dump lists with the frame they park in");
    }

    private static void parkHere(AtomicBoolean release) {
        while (!release.get()) {
            Pal.park();
        }
    }
}
