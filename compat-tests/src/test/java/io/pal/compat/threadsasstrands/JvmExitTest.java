package io.pal.compat.threadsasstrands;

import io.pal.BackendName;
import io.pal.PalMain;
import io.pal.compat.ChildJvm;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static io.pal.compat.threadsasstrands.TasTests.expectStrands;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JVM's exit under {@code pal.threadsAsStrands}, in a JVM of its own started as {@code bin/pal run
 * --threads-as-strands} starts one ({@link PalMain} in front of the program): a non-daemon thread
 * keeps the JVM alive after main returns, as a platform thread does, and the JVM exits once it ends;
 * a daemon thread does not keep it; a shutdown hook, started at exit, runs. The worker waits for the
 * main thread to end (the launcher detaches it once main returns), so the order of the lines is fixed
 * whatever the machine's load.
 */
@AllBackends
@Timeout(value = 120)
class JvmExitTest {

    /** The program: main returns while a non-daemon thread still runs and a daemon one never ends. */
    public static final class Program {
        public static void main(String[] args) throws Exception {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("hook ran"), "hook"));
            Thread daemon = new Thread(() -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    System.out.println("daemon interrupted");
                }
            }, "daemon");
            daemon.setDaemon(true);
            daemon.start();
            Thread main = Thread.currentThread();
            Thread worker = new Thread(() -> {
                try {
                    main.join(); // the launcher's main thread ends once main has returned: a state, not a guessed delay
                } catch (InterruptedException e) {
                    System.out.println("worker interrupted");
                }
                System.out.println("worker ends; strand " + TasTests.runsAsStrand());
            }, "worker");
            worker.start();
            System.out.println("main returns");
        }
    }

    @Test
    void aNonDaemonThreadKeepsTheJvmAliveADaemonOneDoesNotAndHooksRun(BackendName backend) throws Exception {
        List<String> cmd = ChildJvm.java(List.of("-Dpal.backend=" + backend.id(), "-Dpal.threadsAsStrands=true",
                "-Dpal.carriers=2", "-cp", System.getProperty("java.class.path"), PalMain.class.getName(),
                Program.class.getName()));
        ChildJvm.Exit exit = ChildJvm.run(cmd);
        assertEquals(List.of("main returns", "worker ends; strand " + expectStrands(backend), "hook ran"),
                exit.out().lines().filter(l -> !l.isBlank()).toList(), () -> "output; stderr: " + exit.err());
        assertEquals(0, exit.status(), "exit status");
    }
}
