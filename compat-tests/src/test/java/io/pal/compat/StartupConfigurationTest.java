package io.pal.compat;

import io.pal.PalConfigurationException;
import io.pal.PalMain;
import io.pal.StrandMain;
import io.pal.spi.PalConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bad {@code pal.*} property stops a program launched through pal before its {@code main} runs,
 * with one line on stderr (property, value, what is valid) and exit status 2: each bad input runs a
 * JVM of its own, started as {@code bin/pal run} starts one ({@link PalMain} or {@link StrandMain}
 * in front of the program's main). The launcher script's own check of {@code --carriers} gives the
 * same line as pal's. Backend-independent, so it runs once.
 */
@Tag("once")
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StartupConfigurationTest {

    /** The program under launch: says that its main ran. */
    public static final class Program {
        public static void main(String[] args) {
            System.out.println("main ran");
        }
    }

    @ParameterizedTest(name = "-D{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "pal.maxCarriers|1|pal.carriers=2| pal.maxCarriers=1 is not valid: expected an integer from pal.carriers (2) to 4096",
        "pal.carriers|abc|| pal.carriers=abc is not valid: expected an integer from 1 to 1024",
        "pal.carriers|99999999999|| pal.carriers=99999999999 is not valid: expected an integer from 1 to 1024",
        "pal.carriers|100000|| pal.carriers=100000 is not valid: expected an integer from 1 to 1024",
        "pal.deadlockReportMillis|-1|| pal.deadlockReportMillis=-1 is not valid: expected milliseconds from 0 to 86400000 (0 turns the report off)",
        "pal.tracePins|bogus|| pal.tracePins=bogus is not valid: expected off, short or full",
        "pal.backend|BOGUS|| pal.backend=BOGUS is not a pal backend; valid backends: threads, virtual, coroutines, sim",
        "pal.seed|abc|| pal.seed=abc is not valid: expected an integer (a long)",
        "pal.sim.strategy|dfs|| pal.sim.strategy=dfs is not valid: expected random or pct",
        "pal.sim.pctDepth|0|| pal.sim.pctDepth=0 is not valid: expected an integer from 1 to 64",
        "pal.sim.maxSteps|0|| pal.sim.maxSteps=0 is not valid: expected an integer from 1 to 9223372036854775807",
        "pal.sim.trace|full|| pal.sim.trace=full is not valid: expected none or hash",
        "pal.sim.epoch|yesterday|| pal.sim.epoch=yesterday is not valid: expected an ISO-8601 instant such as 2000-01-01T00:00:00Z",
        "pal.sim.net|latency=5|| pal.sim.net=latency=5 is not valid: expected a comma-separated list of latency=A-Bms, drop=P, reset=P and partition=A-Bms (0 <= A <= B milliseconds, 0 <= P <= 1; partition may repeat), e.g. latency=1-50ms,drop=0.01,reset=0.001,partition=2000-5000ms",
        "pal.sim.net|partition=50-10ms|| pal.sim.net=partition=50-10ms is not valid: expected a comma-separated list of latency=A-Bms, drop=P, reset=P and partition=A-Bms (0 <= A <= B milliseconds, 0 <= P <= 1; partition may repeat), e.g. latency=1-50ms,drop=0.01,reset=0.001,partition=2000-5000ms",
        "pal.threadsAsStrands|yes|| pal.threadsAsStrands=yes is not valid: expected true or false",
        "pal.traceStartup|yes|| pal.traceStartup=yes is not valid: expected true or false",
        "pal.platformThreads|'worker-*,,db-?'|| pal.platformThreads=worker-*,,db-? is not valid: expected comma-separated thread name globs (* and ?), none of them empty",
    })
    void aBadPropertyIsOneLineAndStatusTwoBeforeMainRuns(String key, String value, String other, String message)
            throws Exception {
        List<String> props = new ArrayList<>(List.of("-D" + key + "=" + value));
        if (other != null) {
            props.add("-D" + other);
        }
        if (!key.equals("pal.backend")) {
            props.add("-Dpal.backend=threads");
        }
        for (Class<?> launcher : List.of(PalMain.class, StrandMain.class)) {
            ChildJvm.Exit r = java(props, launcher);
            assertEquals(List.of("pal: " + message.strip()), r.err(), launcher.getSimpleName() + ": stderr");
            assertEquals(2, r.status(), launcher.getSimpleName() + ": exit status");
            assertEquals("", r.out(), launcher.getSimpleName() + ": the program's main must not run");
        }
    }

    @Test
    void goodPropertiesRunTheProgramsMain() throws Exception {
        for (Class<?> launcher : List.of(PalMain.class, StrandMain.class)) {
            ChildJvm.Exit r = java(List.of("-Dpal.backend=threads", "-Dpal.carriers=1024", "-Dpal.maxCarriers=4096",
                    "-Dpal.tracePins=FULL", "-Dpal.deadlockReportMillis=0"), launcher);
            assertEquals(List.of(), r.err(), launcher.getSimpleName());
            assertEquals(0, r.status(), launcher.getSimpleName());
            assertEquals("main ran", r.out().strip(), launcher.getSimpleName());
        }
    }

    @Test
    void theLauncherRejectsACarrierCountWithPalsOwnMessage() throws Exception {
        Path script = Path.of("..", "bin", "pal");
        assertTrue(Files.isExecutable(script), "bin/pal not found from " + Path.of("").toAbsolutePath());
        for (String value : new String[] {"99999999999", "100000", "1025", "0", "abc", "-1"}) {
            PalConfigurationException expected = withCarriers(value);
            ChildJvm.Exit r = ChildJvm.run(List.of("bash", script.toString(), "run", "--carriers", value, Program.class.getName()));
            assertEquals(List.of("pal: " + expected.getMessage()), r.err(), "bin/pal run --carriers " + value);
            assertEquals(2, r.status(), "bin/pal run --carriers " + value);
        }
    }

    /**
     * ADR 0024: the launcher's JVM flags switch off JVMTI's virtual-thread events, unless
     * PAL_JAVA_OPTS names another agent (a debugger may need them) or PAL_JVMTI_VTHREADS=1.
     */
    @Test
    void theLauncherSwitchesOffJvmtiVirtualThreadEventsUnlessAnotherAgentMayNeedThem() throws Exception {
        List<String> off = List.of("-XX:+UnlockExperimentalVMOptions -XX:-DoJVMTIVirtualThreadTransitions");
        assertEquals(off, jvmFlags("", ""));
        assertEquals(off, jvmFlags("-Xmx1g -Dpal.carriers=2", ""));
        assertEquals(off, jvmFlags("", "0"));
        for (String agent : new String[] {"-agentlib:jdwp=transport=dt_socket,server=y,suspend=n",
                "-agentpath:/opt/profiler/libprof.so", "-javaagent:other.jar", "-Xrunjdwp:transport=dt_socket"}) {
            assertEquals(List.of(), jvmFlags("-Xmx1g " + agent, ""), "PAL_JAVA_OPTS=" + agent);
        }
        assertEquals(List.of(), jvmFlags("", "1"), "PAL_JVMTI_VTHREADS=1");
    }

    /** What bin/pal-env.sh's pal_jvm_flags prints, as lines, for the given PAL_JAVA_OPTS and PAL_JVMTI_VTHREADS. */
    private static List<String> jvmFlags(String javaOpts, String jvmtiVthreads) throws Exception {
        Path env = Path.of("..", "bin", "pal-env.sh");
        assertTrue(Files.isReadable(env), "bin/pal-env.sh not found from " + Path.of("").toAbsolutePath());
        ChildJvm.Exit r = ChildJvm.run(List.of("env", "PAL_JAVA_OPTS=" + javaOpts, "PAL_JVMTI_VTHREADS=" + jvmtiVthreads,
                "bash", "-c", "source \"$1\" && pal_jvm_flags", "bash", env.toString()));
        assertEquals(0, r.status(), "pal_jvm_flags: " + r.err());
        return r.out().lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void validateChecksEveryPropertyInProcess() {
        PalConfigurationException e = ConfigurationTest.withProperty(PalConfig.TRACE_PINS, "sometimes",
                () -> assertThrows(PalConfigurationException.class, PalConfig::validate));
        assertTrue(e.getMessage().startsWith("pal.tracePins=sometimes is not valid"), e.getMessage());
        PalConfig.validate(); // and the suite's own configuration is valid
    }

    private static PalConfigurationException withCarriers(String value) {
        return ConfigurationTest.withProperty(PalConfig.CARRIERS, value,
                () -> assertThrows(PalConfigurationException.class, PalConfig::fromSystemProperties));
    }

    private static ChildJvm.Exit java(List<String> props, Class<?> launcher) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(props);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), launcher.getName(), Program.class.getName()));
        return ChildJvm.run(cmd);
    }
}
