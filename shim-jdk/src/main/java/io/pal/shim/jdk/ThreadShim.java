package io.pal.shim.jdk;

import io.pal.PalConfigurationException;
import io.pal.instrument.AgentInstrumentation;
import io.pal.instrument.BootstrapClasses;
import io.pal.shim.jdk.bridge.PalBridge;
import io.pal.spi.PalConfig;
import io.pal.spi.Shim;
import io.pal.spi.ShimHooks;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Installs the advice on Thread.sleep / Thread.yield, LockSupport.park/unpark and Object.wait, and
 * around the JDK's blocking calls that cannot suspend a strand (BlockingAdvice: file streams,
 * FileChannel I/O, the opens of {@code Files.*}, process waits, name lookups, whatever the JDK
 * brackets with its Blocker).
 *
 * <ol>
 *   <li>Take pal-agent's instrumentation, or attach an agent to this JVM (Byte Buddy's self-attach,
 *       quiet under {@code -XX:+EnableDynamicAgentLoading}) when it was started without it.</li>
 *   <li>Inject {@link PalBridge} into the bootstrap class loader, reading its bytes without
 *       loading it here, so that every later reference, from java.lang.Thread or from pal,
 *       resolves to that one copy.</li>
 *   <li>Point the bridge's handles at {@link Hooks}.</li>
 *   <li>Retransform java.lang.Thread with the advice (no class-format changes: only method
 *       bodies change, which retransformation allows).</li>
 * </ol>
 */
public final class ThreadShim implements Shim {

    private static final String BRIDGE = "io.pal.shim.jdk.bridge.PalBridge";
    /** Guarded by the class lock; set once the advice is in place. */
    private static boolean installed;
    /** Guarded by the class lock; set once the threads-as-strands handles are. */
    private static boolean threadsAsStrands;

    @Override
    public String name() {
        return "jdk-blocking-calls";
    }

    @Override
    public void install(ShimHooks hooks) {
        synchronized (ThreadShim.class) {
            Hooks.target = hooks;
            // a simulation runs every thread of its runs as a strand, whatever pal.threadsAsStrands says
            if (!threadsAsStrands && (PalConfig.threadsAsStrands() || hooks.simulation() != null)) {
                ThreadsAsStrands.install();
                setThreadHooks(BootstrapClasses.define(BRIDGE, ThreadShim.class.getClassLoader()));
                threadsAsStrands = true;
            }
            if (installed) {
                return;
            }
            Instrumentation inst = attach();
            Class<?> bridge = BootstrapClasses.define(BRIDGE, ThreadShim.class.getClassLoader());
            setHooks(bridge);
            // a later run under the agent may replay the result (AgentInstrumentation.transform, ADR 0011)
            AgentInstrumentation.transform(name(), inst, new Rewriting());
            installed = true;
        }
    }


    /** The JDK classes whose blocking calls open a blocking section (BlockingAdvice), beside Object.wait. */
    private static final String PROCESS_IMPL = "java.lang.ProcessImpl";
    private static final String PLATFORM_RESOLVER = "java.net.InetAddress$PlatformResolver";
    private static final String BLOCKER = "jdk.internal.misc.Blocker";
    /** Its timers go to a scheduler that is a ScheduledExecutorService (VirtualThreadTimerAdvice). */
    private static final String VIRTUAL_THREAD = "java.lang.VirtualThread";
    private static final String[] FILE_STREAMS = {"java.io.FileInputStream", "java.io.FileOutputStream",
            "java.io.RandomAccessFile"};
    private static final String FILE_CHANNEL_IMPL = "sun.nio.ch.FileChannelImpl";
    private static final String UNIX_NATIVE_DISPATCHER = "sun.nio.fs.UnixNativeDispatcher";
    private static final List<String> BLOCKING_CLASSES = List.of(PROCESS_IMPL, PLATFORM_RESOLVER, BLOCKER,
            FILE_STREAMS[0], FILE_STREAMS[1], FILE_STREAMS[2], FILE_CHANNEL_IMPL, UNIX_NATIVE_DISPATCHER);

    static Instrumentation attach() {
        try {
            Instrumentation agent = AgentInstrumentation.get(); // started with -javaagent:pal-agent.jar
            return agent != null ? agent : ByteBuddyAgent.install();
        } catch (IllegalStateException e) {
            throw new PalConfigurationException("pal cannot attach its agent to this JVM (needed to make Thread.sleep "
                    + "strand-aware): start the JVM with -XX:+EnableDynamicAgentLoading, or use bin/pal run", e);
        }
    }

    /** The pal.threadsAsStrands handles; set only when the property is true. */
    private static void setThreadHooks(Class<?> bridge) {
        checkOneCopy(bridge);
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            MethodType ofThread = MethodType.methodType(boolean.class, Thread.class);
            PalBridge.aliveHook = l.findStatic(Hooks.class, "isAlive", ofThread);
            PalBridge.joinHook = l.findStatic(Hooks.class, "join", MethodType.methodType(boolean.class, Thread.class, long.class));
            PalBridge.interruptHook = l.findStatic(Hooks.class, "interrupted", MethodType.methodType(void.class, Thread.class));
            PalBridge.stateHook = l.findStatic(Hooks.class, "threadState", MethodType.methodType(Thread.State.class, Thread.class));
            PalBridge.startThreadHook = l.findStatic(Hooks.class, "startThread", ofThread); // last: the rest is ready
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("inconsistent bridge class: " + bridge, e);
        }
    }

    /**
     * Checks that {@link PalBridge}, named in this class, resolves to {@code bridge}, the bootstrap copy
     * just defined, so that the hooks can be set by plain field stores rather than by reflection
     * (whose first use spins method-handle classes at start-up, ADR 0025).
     */
    private static void checkOneCopy(Class<?> bridge) {
        if (PalBridge.class != bridge) {
            throw new IllegalStateException("inconsistent state: two copies of " + BRIDGE);
        }
    }

    private static void setHooks(Class<?> bridge) {
        checkOneCopy(bridge);
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PalBridge.sleepHook = l.findStatic(Hooks.class, "sleep", MethodType.methodType(boolean.class, long.class));
            PalBridge.yieldHook = l.findStatic(Hooks.class, "yieldNow", MethodType.methodType(boolean.class));
            PalBridge.parkHook = l.findStatic(Hooks.class, "park", MethodType.methodType(boolean.class, long.class));
            PalBridge.unparkHook = l.findStatic(Hooks.class, "unpark", MethodType.methodType(void.class, Thread.class));
            PalBridge.beginBlockingHook = l.findStatic(Hooks.class, "beginBlocking", MethodType.methodType(boolean.class, int.class));
            PalBridge.endBlockingHook = l.findStatic(Hooks.class, "endBlocking", MethodType.methodType(boolean.class));
            // link both call sites now, on this thread (no strand: both return false), so that the
            // first file read inside a strand does not link them while the advice is already in place.
            // Called directly, not by reflection (whose first call spins method-handle classes at
            // start-up): PalBridge, named here, resolves to the bootstrap copy defined above.
            PalBridge.beginBlocking(BlockingAdvice.FILE_IO);
            PalBridge.endBlocking();
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable e) { // ReflectiveOperationException, or what a hook's invokeExact declares
            throw new IllegalStateException("inconsistent bridge class: " + bridge, e);
        }
    }

    /**
     * What {@link AgentInstrumentation#transform} runs or replays: a class, not a method reference to
     * {@link Advising#advise}, whose linking would load and verify Advising, and with it Byte Buddy's
     * types, in a run that only replays (ADR 0025).
     */
    private static final class Rewriting implements Consumer<Instrumentation> {
        @Override
        public void accept(Instrumentation target) {
            Advising.advise(target);
        }
    }

    /**
     * The rewriting, with Byte Buddy: a class of its own so that the shim's class names no Byte Buddy
     * type, and a run that replays the rewriting (ADR 0021) loads none of Byte Buddy's classes.
     */
    static final class Advising {

        /** Every class the advice rewrites that may not be loaded yet when it is installed (loadRewrittenClasses). */
        private static final List<String> REWRITTEN_CLASSES =
                java.util.stream.Stream.concat(BLOCKING_CLASSES.stream(), java.util.stream.Stream.of(VIRTUAL_THREAD)).toList();

        private Advising() {
        }

        /**
         * The rewriting itself. Every class it rewrites (Thread, Object, LockSupport, the file streams,
         * loadRewrittenClasses) is loaded first, so that a replay covers them all; a replay loads none of
         * them, and each not loaded yet gets its rewritten bytes when the program first loads it.
         */
        private static void advise(Instrumentation target) {
            loadRewrittenClasses();
            agentBuilder()
                    .type(named("java.lang.Thread").or(named("java.util.concurrent.locks.LockSupport"))
                            .or(named("java.lang.Object")).or(namedOneOf(BLOCKING_CLASSES.toArray(String[]::new)))
                            .or(named(VIRTUAL_THREAD)))
                    .transform(new AgentBuilder.Transformer.ForAdvice()
                            .include(ThreadShim.class.getClassLoader())
                            .advice(named("sleep").and(isStatic()).and(takesArguments(long.class)),
                                    SleepAdvice.Millis.class.getName())
                            .advice(named("sleep").and(isStatic()).and(takesArguments(long.class, int.class)),
                                    SleepAdvice.MillisNanos.class.getName())
                            .advice(named("sleep").and(isStatic()).and(takesArguments(Duration.class)),
                                    SleepAdvice.OfDuration.class.getName())
                            .advice(named("yield").and(isStatic()).and(takesArguments(0))
                                            .and(isDeclaredBy(Thread.class)),
                                    SleepAdvice.Yield.class.getName())
                            .advice(lockSupport("park").and(takesArguments(0).or(takesArguments(Object.class))),
                                    LockAdvice.ParkForever.class.getName())
                            .advice(lockSupport("parkNanos").and(takesArguments(long.class)),
                                    LockAdvice.ParkNanos.class.getName())
                            .advice(lockSupport("parkNanos").and(takesArguments(Object.class, long.class)),
                                    LockAdvice.ParkNanosBlocker.class.getName())
                            .advice(lockSupport("parkUntil").and(takesArguments(long.class)),
                                    LockAdvice.ParkUntil.class.getName())
                            .advice(lockSupport("parkUntil").and(takesArguments(Object.class, long.class)),
                                    LockAdvice.ParkUntilBlocker.class.getName())
                            .advice(lockSupport("unpark").and(takesArguments(Thread.class)),
                                    LockAdvice.Unpark.class.getName())
                            .advice(named("wait").and(takesArguments(long.class)).and(isDeclaredBy(Object.class)),
                                    ThreadAdvice.WaitInterrupted.class.getName())
                            .advice(thread("start").and(takesArguments(0)), ThreadAdvice.Start.class.getName())
                            .advice(thread("start").and(takesArguments(1)), ThreadAdvice.StartInContainer.class.getName())
                            .advice(thread("isAlive").and(takesArguments(0)), ThreadAdvice.IsAlive.class.getName())
                            .advice(thread("join").and(takesArguments(long.class)), ThreadAdvice.Join.class.getName())
                            .advice(thread("interrupt").and(takesArguments(0)), ThreadAdvice.Interrupt.class.getName())
                            .advice(thread("getState").and(takesArguments(0)), ThreadAdvice.GetState.class.getName())
                            .advice(named("wait").and(takesArguments(long.class)).and(isDeclaredBy(Object.class)),
                                    WaitAdvice.class.getName())
                            .advice(named("schedule").and(isPrivate()).and(isDeclaredBy(named(VIRTUAL_THREAD)))
                                            .and(takesArguments(Runnable.class, long.class, TimeUnit.class)),
                                    VirtualThreadTimerAdvice.class.getName())
                            .advice(named("begin").and(takesArguments(0)).and(isDeclaredBy(named(BLOCKER))),
                                    BlockingAdvice.BlockerBegin.class.getName())
                            .advice(named("end").and(takesArguments(boolean.class)).and(isDeclaredBy(named(BLOCKER))),
                                    BlockingAdvice.BlockerEnd.class.getName()))
                    .transform(section(BlockingAdvice.FILE_IO, fileIo()))
                    .transform(section(BlockingAdvice.FILE_IO, fileChannelIo()))
                    .transform(section(BlockingAdvice.FILE_IO, pathOpens()))
                    .transform(section(BlockingAdvice.PROCESS,
                            named("waitFor").and(isPublic()).and(isDeclaredBy(named(PROCESS_IMPL)))))
                    .transform(section(BlockingAdvice.DNS, named("lookupByName").or(named("lookupByAddress"))
                            .and(isDeclaredBy(named(PLATFORM_RESOLVER)))))
                    .installOn(target);
        }

        /**
         * The builder every advice on JDK classes starts from: retransformation of loaded classes,
         * method bodies only, advice on declared methods (no hierarchy walk), nothing ignored.
         */
        static AgentBuilder agentBuilder() {
            return new AgentBuilder.Default(new ByteBuddy()
                    .with(TypeValidation.DISABLED).with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE))
                    .with(AgentBuilder.PoolStrategy.Default.FAST)
                    .disableClassFormatChanges()
                    .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                    .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                    .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
                    .ignore(none());
        }

        /** BlockingAdvice.Section around {@code methods}, for blocking call {@code call}. */
        private static AgentBuilder.Transformer section(int call, ElementMatcher<? super MethodDescription> methods) {
            return new AgentBuilder.Transformer.ForAdvice(Advice.withCustomMapping().bind(BlockingAdvice.Call.class, call))
                    .include(ThreadShim.class.getClassLoader())
                    .advice(methods, BlockingAdvice.Section.class.getName());
        }

        /**
         * The file streams' reads, writes, skips and opens: the Java methods around their native calls
         * (a native method itself cannot take advice without changing the class's format). A FIFO's
         * open blocks until the other end opens, so the private {@code open} is one of them.
         */
        private static ElementMatcher.Junction<MethodDescription> fileIo() {
            return not(isAbstract()).and(isDeclaredBy(namedOneOf(FILE_STREAMS)))
                    .and(named("read").and(isPublic())
                            .or(named("write").and(isPublic()))
                            .or(named("skip").and(isPublic()))
                            .or(named("open").and(isPrivate())));
        }

        /**
         * FileChannel's reads, writes and transfers, whatever the buffer and the open options: the JDK
         * brackets them with {@code Blocker.begin(direct)}, which opens nothing for a channel opened
         * without O_DIRECT (every channel of {@code Files.*} and of the file streams' getChannel), though a
         * FIFO's or a slow file's read waits as long through a channel as through a stream (ADR 0019).
         */
        private static ElementMatcher.Junction<MethodDescription> fileChannelIo() {
            return not(isAbstract()).and(isPublic()).and(isDeclaredBy(named(FILE_CHANNEL_IMPL)))
                    .and(namedOneOf("read", "write", "transferTo", "transferFrom"));
        }

        /**
         * The open of a path by {@code Files.*} and {@code FileChannel.open} ({@code UnixNativeDispatcher}'s
         * {@code open} and {@code openat}, the Java methods around {@code open0} and {@code openat0}): a
         * FIFO's open waits for the other end, and the JDK brackets it with nothing (ADR 0019).
         */
        private static ElementMatcher.Junction<MethodDescription> pathOpens() {
            return not(isNative()).and(isStatic()).and(isDeclaredBy(named(UNIX_NATIVE_DISPATCHER)))
                    .and(namedOneOf("open", "openat"));
        }

        /** Loads (without initialising) the classes the advice rewrites, so the rewrite, and a replay of it, covers them. */
        private static void loadRewrittenClasses() {
            for (String name : REWRITTEN_CLASSES) {
                try {
                    Class.forName(name, false, null);
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("this JDK has no " + name + ": pal's blocking-call shim needs JDK 25", e);
                }
            }
        }

        private static ElementMatcher.Junction<MethodDescription> thread(String name) {
            return named(name).and(isDeclaredBy(Thread.class));
        }

        private static ElementMatcher.Junction<MethodDescription> lockSupport(String name) {
            return named(name).and(isStatic()).and(isPublic()).and(isDeclaredBy(LockSupport.class));
        }
    }
}
