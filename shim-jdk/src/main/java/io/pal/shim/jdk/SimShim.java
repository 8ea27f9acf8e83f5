package io.pal.shim.jdk;

import io.pal.instrument.AgentInstrumentation;
import io.pal.instrument.BootstrapClasses;
import io.pal.shim.jdk.bridge.SimBridge;
import io.pal.spi.Shim;
import io.pal.spi.ShimHooks;
import io.pal.spi.Simulation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.nameMatches;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Under a backend with a {@link Simulation} ({@code pal.backend=sim}), gives the JVM one clock and
 * one seed per simulated run, and more scheduling points: every call of {@code System.nanoTime()} and
 * {@code System.currentTimeMillis()} in the program's classes, in pal's own, and in the JDK classes
 * that compute deadlines ({@link #JDK_CLOCK_READERS}) is rewritten to call {@link SimBridge}, and
 * the JDK's random generators, {@code Clock.currentInstant} and {@code SelectorProvider.provider()}
 * take advice ({@link SimAdvice}). In
 * the program's and pal's classes, monitor enters and exits, atomic and VarHandle operations and
 * lock calls become scheduling points too ({@link SimCalls}).
 * Both are native or intrinsic, so call sites are rewritten, not the methods. A backend without a
 * simulation leaves this shim uninstalled: nothing is rewritten.
 *
 * <ol>
 *   <li>Define {@link SimBridge} in the bootstrap loader and point its handles at the simulation.</li>
 *   <li>Rewrite the JDK's deadline computers and random generators (retransformation; replayed from
 *       the agent's cache on later runs, ADR 0011).</li>
 *   <li>Install a transformer for every class loaded later by a class loader other than the
 *       bootstrap and platform ones, and retransform those already loaded (pal's own), except the
 *       simulation itself, the shims and Byte Buddy, which must keep the real clock.</li>
 * </ol>
 */
public final class SimShim implements Shim {

    private static final String BRIDGE = "io.pal.shim.jdk.bridge.SimBridge";

    /**
     * The JDK classes whose timed waits compute a deadline from System.nanoTime or
     * currentTimeMillis: a virtual thread's sleep and timed park, every j.u.c. timed wait, the
     * scheduled executors, {@code java.util.Timer} and {@code Date}. A class missing from this JDK is
     * skipped. Thread and Object are left out: a virtual thread's sleep, join and timed wait do not
     * read the clock there. {@code LockSupport} is in: its {@code parkUntil} turns a deadline in
     * {@code currentTimeMillis} terms into a park of so many nanoseconds (the JDK's body on a virtual
     * thread, and ThreadShim's advice, which this rewrite sees inlined).
     */
    static final List<String> JDK_CLOCK_READERS = List.of(
            "java.lang.VirtualThread", "java.util.concurrent.locks.LockSupport",
            "java.util.concurrent.locks.AbstractQueuedSynchronizer",
            "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject",
            "java.util.concurrent.locks.AbstractQueuedLongSynchronizer",
            "java.util.concurrent.locks.AbstractQueuedLongSynchronizer$ConditionObject",
            "java.util.concurrent.locks.StampedLock",
            "java.util.concurrent.FutureTask", "java.util.concurrent.CompletableFuture",
            "java.util.concurrent.CompletableFuture$Signaller", "java.util.concurrent.CompletableFuture$Timeout",
            "java.util.concurrent.SynchronousQueue", "java.util.concurrent.SynchronousQueue$Transferer",
            "java.util.concurrent.LinkedTransferQueue", "java.util.concurrent.LinkedTransferQueue$DualNode",
            "java.util.concurrent.Exchanger", "java.util.concurrent.Phaser", "java.util.concurrent.CyclicBarrier",
            "java.util.concurrent.CountDownLatch", "java.util.concurrent.Semaphore",
            "java.util.concurrent.ArrayBlockingQueue", "java.util.concurrent.LinkedBlockingQueue",
            "java.util.concurrent.LinkedBlockingDeque", "java.util.concurrent.PriorityBlockingQueue",
            "java.util.concurrent.DelayQueue",
            "java.util.concurrent.ThreadPoolExecutor", "java.util.concurrent.ScheduledThreadPoolExecutor",
            "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask",
            "java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue",
            "java.util.concurrent.ExecutorCompletionService", "java.util.concurrent.AbstractExecutorService",
            "java.util.concurrent.ForkJoinPool", "java.util.concurrent.ForkJoinTask",
            "java.util.Timer", "java.util.TimerThread", "java.util.Date", "java.time.Clock$SystemClock");

    /** The classes the random-generator, instant, exit and NIO-provider advice ({@link SimAdvice}) rewrites. */
    private static final List<String> JDK_ADVISED = List.of("java.util.Random", "java.util.SplittableRandom",
            "java.util.concurrent.ThreadLocalRandom", "java.lang.Math", "java.lang.StrictMath", "java.util.UUID",
            "java.security.SecureRandom", "java.time.Clock", "java.lang.Runtime", "java.lang.Thread",
            "java.nio.channels.spi.SelectorProvider");

    /** Guarded by the class lock; set once the rewriting is in place. */
    private static boolean installed;

    @Override
    public String name() {
        return "sim-clock";
    }

    @Override
    public void install(ShimHooks hooks) {
        Simulation sim = hooks.simulation();
        if (sim == null) {
            return;
        }
        synchronized (SimShim.class) {
            SimHooks.target = sim;
            if (installed) {
                return;
            }
            Installing.install(name());
            installed = true;
        }
    }

    /**
     * The rewriting, with Byte Buddy: a class of its own so that SimShim names no Byte Buddy type, and
     * installing it on a backend without a simulation (every coroutines run) verifies SimShim without
     * loading any of Byte Buddy's classes (ADR 0025).
     */
    private static final class Installing {

        private Installing() {
        }

        /** Steps 1 to 3 of the class comment; the caller holds the class lock. */
        static void install(String name) {
            Instrumentation inst = ThreadShim.attach();
            Class<?> bridge = BootstrapClasses.define(BRIDGE, SimShim.class.getClassLoader());
            setHooks(bridge);
            List<String> jdk = loaded(JDK_CLOCK_READERS);
            List<String> random = loaded(JDK_ADVISED);
            AsmVisitorWrapper clock = new SimCalls(false);
            AsmVisitorWrapper program = new SimCalls(true);
            AgentInstrumentation.transform(name, inst, target -> ThreadShim.Advising.agentBuilder()
                    .type(namedOneOf(jdk.toArray(String[]::new)))
                    .transform((b, type, loader, module, pd) -> b.visit(clock))
                    .type(namedOneOf(random.toArray(String[]::new)))
                    .transform(new AgentBuilder.Transformer.ForAdvice()
                            .include(SimShim.class.getClassLoader())
                            .advice(isConstructor().and(takesArguments(0)).and(isDeclaredBy(named("java.util.Random"))),
                                    SimAdvice.NewRandom.class.getName())
                            .advice(isConstructor().and(takesArguments(0)).and(isDeclaredBy(named("java.util.SplittableRandom"))),
                                    SimAdvice.NewSplittableRandom.class.getName())
                            .advice(named("nextSeed").and(takesArguments(0))
                                            .and(isDeclaredBy(named("java.util.concurrent.ThreadLocalRandom"))),
                                    SimAdvice.ThreadLocalSeed.class.getName())
                            .advice(named("random").and(isStatic()).and(takesArguments(0))
                                            .and(isDeclaredBy(namedOneOf("java.lang.Math", "java.lang.StrictMath"))),
                                    SimAdvice.MathRandom.class.getName())
                            .advice(named("randomUUID").and(isDeclaredBy(named("java.util.UUID"))),
                                    SimAdvice.RandomUuid.class.getName())
                            .advice(named("nextBytes").and(takesArguments(byte[].class))
                                            .and(isDeclaredBy(named("java.security.SecureRandom"))),
                                    SimAdvice.SecureBytes.class.getName())
                            .advice(isConstructor().and(isDeclaredBy(Thread.class)).and(takesArguments(
                                            ThreadGroup.class, String.class, int.class, Runnable.class, long.class)),
                                    SimAdvice.NewThread.class.getName())
                            .advice(named("exit").and(takesArguments(int.class)).and(isDeclaredBy(named("java.lang.Runtime"))),
                                    SimAdvice.Exit.class.getName())
                            .advice(named("currentInstant").and(isStatic()).and(isDeclaredBy(named("java.time.Clock"))),
                                    SimAdvice.CurrentInstant.class.getName())
                            .advice(named("provider").and(isStatic()).and(takesArguments(0))
                                            .and(isDeclaredBy(named("java.nio.channels.spi.SelectorProvider"))),
                                    SimAdvice.Provider.class.getName()))
                    .installOn(target));
            ThreadShim.Advising.agentBuilder().type(programClasses())
                    .transform((b, type, loader, module, pd) -> b.visit(program))
                    .installOn(inst);
        }

        /**
         * Classes of the program and of pal, by any loader but the bootstrap and platform ones, except
         * those that must read the real clock: the simulation backend (package {@code io.pal.sim}, not
         * its subpackages), the shims, Byte Buddy, and JUnit's own timeouts.
         */
        private static ElementMatcher.Junction<TypeDescription> programClasses() {
            return not(nameStartsWith("java.").or(nameStartsWith("javax.")).or(nameStartsWith("jdk."))
                    .or(nameStartsWith("sun.")).or(nameStartsWith("com.sun.")).or(nameMatches("io\\.pal\\.sim\\.[^.]+"))
                    .or(nameStartsWith("io.pal.shim.")).or(nameStartsWith("io.pal.agent."))
                    .or(nameStartsWith("net.bytebuddy.")).or(nameStartsWith("org.junit.")).or(nameStartsWith("org.apache.maven.")));
        }
    }

    /** The names in {@code names} this JDK has, each loaded (not initialised) so that the rewrite covers it. */
    private static List<String> loaded(List<String> names) {
        List<String> found = new ArrayList<>();
        for (String name : names) {
            try {
                Class.forName(name, false, null);
                found.add(name);
            } catch (ClassNotFoundException absent) {
                // not in this JDK: nothing to rewrite
            }
        }
        return found;
    }

    private static void setHooks(Class<?> bridge) {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            bridge.getField("nanoTimeHook").set(null, l.findStatic(SimHooks.class, "nanoTime", MethodType.methodType(long.class)));
            bridge.getField("millisHook").set(null, l.findStatic(SimHooks.class, "currentTimeMillis", MethodType.methodType(long.class)));
            bridge.getField("seedHook").set(null, l.findStatic(SimHooks.class, "nextSeed", MethodType.methodType(long.class)));
            bridge.getField("pointHook").set(null, l.findStatic(SimHooks.class, "schedulingPoint", MethodType.methodType(void.class)));
            bridge.getField("spinHook").set(null, l.findStatic(SimHooks.class, "spinWait", MethodType.methodType(void.class)));
            bridge.getField("yieldHook").set(null, l.findStatic(SimHooks.class, "yieldHint", MethodType.methodType(void.class)));
            bridge.getField("nonDaemonHook").set(null, l.findStatic(SimHooks.class, "createsNonDaemonThreads", MethodType.methodType(boolean.class)));
            bridge.getField("exitHook").set(null, l.findStatic(SimHooks.class, "exit", MethodType.methodType(void.class, int.class)));
            bridge.getField("inRunHook").set(null, l.findStatic(SimHooks.class, "inRun", MethodType.methodType(boolean.class)));
            bridge.getField("selectorProviderHook").set(null, l.findStatic(SimHooks.class, "selectorProvider",
                    MethodType.methodType(SelectorProvider.class, SelectorProvider.class)));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("inconsistent bridge class: " + bridge, e);
        }
    }

    /** What the bridge's handles point at: the simulation of the backend that installed the shim. */
    static final class SimHooks {
        /** Set before the handles; never null once they are. */
        static volatile Simulation target;

        private SimHooks() {
        }

        static long nanoTime() {
            return target.nanoTime();
        }

        static long currentTimeMillis() {
            return target.currentTimeMillis();
        }

        static long nextSeed() {
            return target.nextSeed();
        }

        static boolean inRun() {
            return target.inRun();
        }

        static void schedulingPoint() {
            target.schedulingPoint();
        }

        static void spinWait() {
            target.spinWait();
        }

        static void yieldHint() {
            target.yieldHint();
        }

        static boolean createsNonDaemonThreads() {
            return target.createsNonDaemonThreads();
        }

        static void exit(int status) {
            target.exit(status);
        }

        static SelectorProvider selectorProvider(SelectorProvider jdk) {
            return target.selectorProvider(jdk);
        }
    }
}
