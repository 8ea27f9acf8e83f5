package io.pal.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The built agent jar, end to end: a JVM started with {@code -javaagent:pal-agent.jar} and no other
 * flag runs an application on the default backend (coroutines) with the shims working. Runs after
 * {@code package} (the surefire execution {@code agent-jar} in pal-agent's pom), since it needs the jar.
 */
class AgentJarIT {

    private static final int STRANDS = 1000;
    private static final Pattern RESULT = Pattern.compile("backend=(\\w+) threads=(\\d+) ownValues=(\\w+)");

    /** The shims' cache of rewritten JDK classes (XDG_CACHE_HOME/pal), fresh per test: never the user's. */
    @TempDir
    Path cacheHome;

    @Test
    void aThousandSleepingStrandsOnAFewThreadsWithOnlyTheAgent() throws Exception {
        assertSleepersOnCoroutines(run());
    }

    /**
     * The second run replays the first run's rewritten JDK classes instead of loading Byte Buddy's
     * agent builder (the start-up cost), and the shims work the same.
     */
    @Test
    void aSecondRunReplaysTheRewrittenClassesWithoutByteBuddy() throws Exception {
        Path log = cacheHome.resolve("classes.log");
        String logFlag = "-Xlog:class+load:file=" + log;
        assertSleepersOnCoroutines(run(logFlag));
        assertTrue(Files.readString(log).contains(AGENT_BUILDER), "the first run transforms with Byte Buddy");
        try (var files = Files.list(cacheHome.resolve("pal"))) {
            assertEquals(2, files.filter(f -> f.toString().endsWith(".transforms")).count(), "one file per shim");
        }
        assertSleepersOnCoroutines(run(logFlag));
        assertTrue(!Files.readString(log).contains(AGENT_BUILDER), "the second run must not load " + AGENT_BUILDER);
    }

    private static final String AGENT_BUILDER = "io.pal.agent.shaded.bytebuddy.agent.builder.AgentBuilder$Default ";

    /**
     * What a one-strand program on coroutines does not load once the shims' cache is warm (ADR 0021):
     * JFR (pal's events load only once a recording exists), the socket classes (the socket shim's
     * replay rewrites each when the program first loads it, and this one opens no socket) and Byte
     * Buddy's agent builder.
     */
    @Test
    void aOneStrandProgramLoadsNoJfrNoSocketAndNoByteBuddy() throws Exception {
        List<String> loaded = classesOfAOneStrandProgramWithAWarmCache();
        for (String unwanted : new String[] {"jdk.jfr.Event", "io.pal.coroutines.BlockedEvent", "java.net.Socket",
                "java.net.ServerSocket", "sun.nio.ch.NioSocketImpl", AGENT_BUILDER.strip()}) {
            assertTrue(!loaded.contains(unwanted), unwanted + " was loaded");
        }
    }

    /**
     * ADR 0025: pal's start path spins no class (a lambda, a method reference, a string concatenation or
     * a switch on types each spins one at its first call), loads none of Byte Buddy's classes (not
     * even the types a shim's signatures name), makes no socket hook for a program without sockets,
     * and leaves the JDK's thread snapshots alone until a strand waits on a lock.
     */
    @Test
    void aOneStrandProgramSpinsNoClassOnPalsStartPath() throws Exception {
        List<String> loaded = classesOfAOneStrandProgramWithAWarmCache();
        List<String> spun = loaded.stream()
                .filter(c -> c.startsWith("io.pal.") && !c.startsWith(HelloApp.class.getName()) && c.contains("$$"))
                .toList();
        assertEquals(List.of(), spun, "classes spun for pal's own code");
        List<String> byteBuddy = loaded.stream().filter(c -> c.startsWith("io.pal.agent.shaded.")).toList();
        assertEquals(List.of(), byteBuddy, "Byte Buddy's classes");
        for (String unwanted : new String[] {"java.lang.runtime.SwitchBootstraps", "io.pal.shim.net.ParkHooks",
                "jdk.internal.vm.ThreadSnapshot", "io.pal.coroutine.HandoffCoroutine"}) {
            assertTrue(!loaded.contains(unwanted), unwanted + " was loaded");
        }
    }

    /** pal.traceStartup: one line per step of pal's start-up on stderr, in order, each with its milliseconds. */
    @Test
    void theStartupTraceNamesEachStep() throws Exception {
        Run r = run(HelloApp.class, List.of(), "-Dpal.traceStartup=true");
        assertEquals("hello from a strand on coroutines", r.out.strip(), r.err);
        List<String> steps = r.err.lines().map(l -> {
            Matcher m = TRACE_LINE.matcher(l);
            assertTrue(m.matches(), "not a trace line: " + l);
            return m.group(1);
        }).toList();
        assertEquals(List.of("premain entered", "agent started (premain)", "providers found",
                "scheduler, carriers and watchdog started", "java-net-socket", "jdk-blocking-calls", "sim-clock",
                "Strands.publish", "coroutines", "shutdown"), steps);
    }

    private static final Pattern TRACE_LINE = Pattern.compile("pal startup: \\+\\d+\\.\\d\\d ms, at \\d+\\.\\d\\d ms: (.*)");

    /** The classes {@link HelloApp} loads on coroutines, in its second run (the shims' cache is warm then). */
    private List<String> classesOfAOneStrandProgramWithAWarmCache() throws Exception {
        Run first = run(HelloApp.class, List.of());
        assertEquals("hello from a strand on coroutines", first.out.strip(), first.err);
        Path log = cacheHome.resolve("classes.log");
        Run second = run(HelloApp.class, List.of(), "-Xlog:class+load:file=" + log);
        assertEquals("hello from a strand on coroutines", second.out.strip(), second.err);
        assertEquals("", second.err);
        List<String> loaded = Files.readAllLines(log).stream()
                .map(l -> l.replaceFirst("^\\[[^]]*\\]\\[[^]]*\\]\\[[^]]*\\] ", "")) // [uptime][level][tags]
                .map(l -> l.split(" ")[0]).toList();
        assertTrue(loaded.contains("io.pal.coroutines.CoroutineBackend"), "the log lists the classes: " + loaded.size());
        return loaded;
    }

    /**
     * After a replay that left the socket classes unloaded, the first socket wait still parks its
     * strand: each class got its rewritten bytes when it loaded.
     */
    @Test
    void aSocketWaitAfterALazyReplayStillParks() throws Exception {
        assertEquals("hello from a strand on coroutines", run(HelloApp.class, List.of()).out.strip()); // records
        Run r = run(SocketWaitApp.class, List.of());
        assertEquals(0, r.exit, r.out + r.err);
        assertEquals("", r.err);
        assertEquals("read=hello parked=true", r.out.strip());
    }

    private static void assertSleepersOnCoroutines(Run r) {
        assertEquals("", r.err, "the JVM must print nothing on stderr (no fallback note, no JDK warning)");
        Matcher m = result(r);
        assertEquals("coroutines", m.group(1), r.out);
        assertTrue(Integer.parseInt(m.group(2)) < 50,
                "Thread.sleep in " + STRANDS + " strands must not take a thread each: " + r.out);
        assertEquals("true", m.group(3), "each strand must run in a strand and see its own ThreadLocal: " + r.out);
    }

    /**
     * A socket wait in a strand, with only the agent: the coroutine backend's netpoll calls epoll
     * through FFM, a restricted method, and the JDK warns at its first call unless native access is
     * enabled for the caller; the agent enables it (ADR 0019), so stderr stays empty and the wait parks.
     */
    @Test
    void aSocketWaitWithOnlyTheAgentPrintsNothing() throws Exception {
        Run r = run(SocketWaitApp.class, List.of());
        assertEquals(0, r.exit, r.out + r.err);
        assertEquals("", r.err, "the JVM must print nothing on stderr (no native-access warning)");
        assertEquals("read=hello parked=true", r.out.strip());
    }

    /** The same check tells the backends apart: on threads every sleeper is a thread of its own. */
    @Test
    void onTheThreadsBackendEachSleeperIsAThread() throws Exception {
        Run r = run("-Dpal.backend=threads");
        Matcher m = result(r);
        assertEquals("threads", m.group(1), r.out);
        assertTrue(Integer.parseInt(m.group(2)) >= STRANDS, r.out);
        assertEquals("true", m.group(3), r.out);
    }

    /** A bad pal.* property stops the JVM in premain: one line naming it, status 2, and the application's main never runs. */
    @Test
    void aBadPropertyEndsTheJvmBeforeMainWithOneLine() throws Exception {
        Run r = run("-Dpal.carriers=abc");
        assertEquals(2, r.exit, r.out + r.err);
        assertEquals("", r.out, "the application's main ran");
        assertEquals("pal: pal.carriers=abc is not valid: expected an integer from 1 to 1024", r.err.strip());
    }

    private static Matcher result(Run r) {
        Matcher m = RESULT.matcher(r.out);
        if (r.exit != 0 || !m.find()) {
            fail("the application failed (exit " + r.exit + "):\n" + r.out + r.err);
        }
        return m;
    }

    private record Run(int exit, String out, String err) {
    }

    /** Where SleepersApp was compiled to (the application's whole class path: no pal on it). */
    private static String testClasses() {
        try {
            return Path.of(SleepersApp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Run run(String... jvmArgs) throws IOException, InterruptedException {
        return run(SleepersApp.class, List.of(Integer.toString(STRANDS)), jvmArgs);
    }

    private Run run(Class<?> app, List<String> appArgs, String... jvmArgs) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("pal.agent.jar", "pal-agent.jar"));
        assertTrue(Files.isRegularFile(jar), "no agent jar at " + jar.toAbsolutePath() + ": run mvn package first");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-javaagent:" + jar.toAbsolutePath());
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", testClasses(), app.getName()));
        cmd.addAll(appArgs);
        Path out = Files.createTempFile("agent-it", ".out");
        Path err = Files.createTempFile("agent-it", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("XDG_CACHE_HOME", cacheHome.toString());
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                fail("the application did not end within 120 s: " + cmd);
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
