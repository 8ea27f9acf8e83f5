package io.pal.shim.net;

import io.pal.PalConfigurationException;
import io.pal.instrument.AgentInstrumentation;
import io.pal.instrument.BootstrapClasses;
import io.pal.shim.net.bridge.NetBridge;
import io.pal.spi.Shim;
import io.pal.spi.ShimHooks;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.asm.MemberSubstitution;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

import java.io.FileDescriptor;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.SocketImpl;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Installs the socket shim (see the package essay for why this route).
 *
 * <ol>
 *   <li>Take pal-agent's instrumentation, or attach an agent to this JVM (Byte Buddy's self-attach).</li>
 *   <li>Inject {@link NetBridge} into the bootstrap loader, reading its bytes without loading it here,
 *       and give it its installer ({@link HookInstaller}), which the first call into the bridge that
 *       finds a handle missing runs: it opens {@code java.base/java.nio.channels.spi} to this module,
 *       for a channel's own interrupt step ({@link ParkHooks#init}), and points the bridge's handles
 *       at {@link ParkHooks}. A program that never opens a socket never pays for them (ADR 0025).</li>
 *   <li>Retransform the JDK's park and configure points with {@link ParkAdvice} (method bodies
 *       only): NioSocketImpl, the selectable channels, NativeThread, Poller, and the socket
 *       streams', accept's and DatagramSocket's "Closed by interrupt" exits.</li>
 * </ol>
 * Idempotent; the second and later calls return at once.
 */
public final class SocketShim implements Shim {

    private static final String BRIDGE = "io.pal.shim.net.bridge.NetBridge";
    /** The selectable channels whose blocking mode a virtual thread (and so a strand) switches. */
    private static final String[] CHANNELS = {"sun.nio.ch.SocketChannelImpl", "sun.nio.ch.ServerSocketChannelImpl",
        "sun.nio.ch.SinkChannelImpl", "sun.nio.ch.SourceChannelImpl", "sun.nio.ch.DatagramChannelImpl"};
    /** Every class the shim advises. */
    private static final String[] ADVISED = {"java.net.ServerSocket",
        "java.net.Socket$SocketInputStream", "java.net.Socket$SocketOutputStream", "sun.nio.ch.DatagramSocketAdaptor",
        "sun.nio.ch.NioSocketImpl", "sun.nio.ch.SocketChannelImpl", "sun.nio.ch.ServerSocketChannelImpl",
        "sun.nio.ch.SinkChannelImpl", "sun.nio.ch.SourceChannelImpl", "sun.nio.ch.DatagramChannelImpl",
        "sun.nio.ch.SelChImpl", "sun.nio.ch.NativeThread", "sun.nio.ch.Poller", "sun.nio.ch.EPollSelectorImpl",
        "sun.nio.ch.UnixDispatcher"};
    private static final String CLOSED_BY_INTERRUPT = ParkAdvice.ClosedByInterrupt.class.getName();
    /** Guarded by the class lock; set once the advice is in place. */
    private static boolean installed;

    @Override
    public String name() {
        return "java-net-socket";
    }

    /**
     * Installs the shim for the backend whose {@code hooks} these are: its carrier-sharing strands wait in it when they would
     * block in a JDK socket or channel. Idempotent; a later call retargets the shim.
     */
    @Override
    public void install(io.pal.spi.ShimHooks hooks) {
        synchronized (SocketShim.class) {
            if (installed) {
                Hooks.target = hooks;
                return;
            }
            Instrumentation inst = attach();
            Class<?> bridge = BootstrapClasses.define(BRIDGE, SocketShim.class.getClassLoader());
            if (NetBridge.class != bridge) {
                throw new IllegalStateException("inconsistent state: two copies of " + BRIDGE);
            }
            NetBridge.installer = new HookInstaller(inst);
            retransform(inst, bridge);
            Hooks.target = hooks;
            installed = true;
        }
    }

    /** True once {@link #install} has finished in this JVM. */
    public static boolean isInstalled() {
        synchronized (SocketShim.class) {
            return installed;
        }
    }

    private static void retransform(Instrumentation inst, Class<?> bridge) {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AgentInstrumentation.transform("java-net-socket", inst, new Rewriting(bridge, errors));
        if (!errors.isEmpty()) {
            PalConfigurationException e = new PalConfigurationException(
                    "pal could not install its socket advice into java.net", errors.getFirst());
            errors.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    private static void initParkHooks() {
        try {
            ParkHooks.init();
        } catch (ReflectiveOperationException e) {
            throw new PalConfigurationException("pal cannot reach AbstractInterruptibleChannel.begin()", e);
        }
    }

    /**
     * Loads every class the advice rewrites, so that it rewrites them all at install, never at a later
     * load: that keeps the rewriting replayable (AgentInstrumentation.transform). A replay loads none
     * of them: each gets its rewritten bytes when the program first loads it.
     */
    private static void loadAdvisedClasses() {
        for (String name : ADVISED) {
            try {
                Class.forName(name, false, null);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("this JDK has no " + name + ": pal's socket shim does not fit it", e);
            }
        }
    }

    private static Instrumentation attach() {
        try {
            Instrumentation agent = AgentInstrumentation.get(); // started with -javaagent:pal-agent.jar
            return agent != null ? agent : ByteBuddyAgent.install();
        } catch (IllegalStateException e) {
            throw new PalConfigurationException("pal cannot attach its agent to this JVM (needed to make java.net.Socket "
                    + "strand-aware): start the JVM with -XX:+EnableDynamicAgentLoading, or use bin/pal run", e);
        }
    }

    /**
     * The bridge's installer: at the first call into the bridge that finds a handle missing (on that
     * thread), opens {@code java.nio.channels.spi} to this module, resolves {@link ParkHooks} and points
     * the bridge's handles at it; idempotent. Making the handles spins method-handle classes, a few
     * milliseconds that a program without sockets never spends (ADR 0025).
     */
    private static final class HookInstaller implements Runnable {
        /** What it does, made with it (at install) so that its class is not loaded in a strand's first socket call. Immutable. */
        private final Setup setup;
        /** Whether the handles are set. Guarded by the SocketShim class lock. */
        private boolean done;

        HookInstaller(Instrumentation inst) {
            this.setup = new Setup(inst);
        }

        @Override
        public void run() {
            synchronized (SocketShim.class) {
                if (done) {
                    return;
                }
                ShimHooks b = Hooks.target;
                if (b != null) {
                    b.prepareDescriptorWaits(setup);
                } else {
                    setup.run();
                }
                done = true;
            }
        }
    }

    /** The installer's work, which the backend runs as its own bookkeeping ({@link ShimHooks#prepareDescriptorWaits}). */
    private record Setup(Instrumentation inst) implements Runnable {
        @Override
        public void run() {
            Set<Module> me = Set.of(SocketShim.class.getModule());
            inst.redefineModule(Object.class.getModule(), Set.of(),
                    Map.of(), Map.of("java.nio.channels.spi", me), Set.of(), Map.of());
            initParkHooks();
            setHooks();
        }
    }

    /**
     * Points the bridge's handles at {@link ParkHooks} by plain field stores ({@link NetBridge}, named
     * here, resolves to the bootstrap copy, as install checked): reflection's first use would spin
     * method-handle classes (ADR 0025). An entry point that reads a handle before it is stored runs
     * the installer, which waits for this to finish.
     */
    private static void setHooks() {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            NetBridge.sharesCarrierHook = l.findStatic(ParkHooks.class, "sharesCarrier", MethodType.methodType(boolean.class));
            NetBridge.parkSocketHook = l.findStatic(ParkHooks.class, "parkSocket",
                    MethodType.methodType(boolean.class, int.class, int.class, long.class));
            NetBridge.parkChannelHook = l.findStatic(ParkHooks.class, "parkChannel",
                    MethodType.methodType(boolean.class, Object.class, int.class, int.class, long.class, boolean.class));
            NetBridge.stopPollHook = l.findStatic(ParkHooks.class, "stopPoll", MethodType.methodType(void.class, int.class, int.class));
            NetBridge.releasedHook = l.findStatic(ParkHooks.class, "released", MethodType.methodType(void.class, int.class));
            NetBridge.interruptedHook = l.findStatic(ParkHooks.class, "interrupted",
                    MethodType.methodType(Throwable.class, Throwable.class, java.io.Closeable.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("inconsistent hooks in " + ParkHooks.class.getName(), e);
        }
    }

    /**
     * What {@link AgentInstrumentation#transform} runs or replays: a class, not a lambda, whose
     * bootstrap would spin a class at every start-up (ADR 0025).
     */
    private static final class Rewriting implements java.util.function.Consumer<Instrumentation> {
        /** The bridge the advice calls. Immutable. */
        private final Class<?> bridge;
        /** Where the rewriting's errors go. Immutable reference. */
        private final List<Throwable> errors;

        Rewriting(Class<?> bridge, List<Throwable> errors) {
            this.bridge = bridge;
            this.errors = errors;
        }

        @Override
        public void accept(Instrumentation target) {
            Advising.advise(target, bridge, errors);
        }
    }

    /**
     * The rewriting, with Byte Buddy: a class of its own so that the shim's class names no Byte Buddy
     * type, and a run that replays the rewriting (ADR 0021) loads none of Byte Buddy's classes.
     */
    private static final class Advising {

        private Advising() {
        }

        /**
         * The rewriting itself, which a run under the agent may replay instead (AgentInstrumentation.transform):
         * loads every advised class first, so that it rewrites them all now, and a replay covers them.
         */
        private static void advise(Instrumentation target, Class<?> bridge, List<Throwable> errors) {
            loadAdvisedClasses();
            new AgentBuilder.Default(new ByteBuddy()
                    .with(TypeValidation.DISABLED).with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)) // advice on declared methods: no hierarchy walk
                    .with(AgentBuilder.PoolStrategy.Default.FAST)
                    .disableClassFormatChanges()
                    .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                    .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                    .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
                    .with(new AgentBuilder.Listener.Adapter() {
                        @Override
                        public void onError(String type, ClassLoader loader, JavaModule module, boolean loaded, Throwable t) {
                            errors.add(t);
                        }
                    })
                    .ignore(not(namedOneOf(ADVISED)))
                    .type(named("java.net.ServerSocket"))
                    .transform(advice().advice(named("implAccept").and(takesArguments(SocketImpl.class)), CLOSED_BY_INTERRUPT))
                    .type(namedOneOf("java.net.Socket$SocketInputStream", "java.net.Socket$SocketOutputStream"))
                    .transform(advice().advice(namedOneOf("implRead", "implWrite").and(takesArguments(3)), CLOSED_BY_INTERRUPT))
                    .type(named("sun.nio.ch.DatagramSocketAdaptor"))
                    .transform(advice().advice(named("receive").and(takesArguments(1)), CLOSED_BY_INTERRUPT))
                    .type(named("sun.nio.ch.NioSocketImpl"))
                    .transform(advice()
                            .advice(named("configureNonBlockingIfNeeded"), ParkAdvice.SocketConfigure.class.getName())
                            .advice(named("park").and(takesArguments(3)), ParkAdvice.SocketPark.class.getName()))
                    .type(namedOneOf(CHANNELS))
                    .transform(advice().advice(named("configureSocketNonBlockingIfVirtualThread"),
                            ParkAdvice.ChannelConfigure.class.getName()))
                    .type(named("sun.nio.ch.SelChImpl"))
                    .transform(advice().advice(named("park").and(takesArguments(int.class, long.class)),
                            ParkAdvice.ChannelPark.class.getName()))
                    .type(named("sun.nio.ch.DatagramChannelImpl"))
                    .transform(advice().advice(named("park").and(takesArguments(int.class, long.class)),
                            ParkAdvice.DatagramPark.class.getName()))
                    .type(named("sun.nio.ch.NativeThread"))
                    .transform(advice().advice(named("current").and(takesArguments(0)),
                            ParkAdvice.NativeThreadCurrent.class.getName()))
                    .type(named("sun.nio.ch.Poller"))
                    .transform(advice()
                            .advice(named("stopPoll").and(takesArguments(int.class, int.class)), ParkAdvice.StopPoll.class.getName())
                            .advice(named("pollSelector").and(takesArguments(int.class, long.class)),
                                    ParkAdvice.SelectorPark.class.getName()))
                    .type(named("sun.nio.ch.EPollSelectorImpl"))
                    .transform((builder, type, loader, module, domain) -> builder.visit(selectAsVirtual(bridge)))
                    .transform(advice().advice(named("implClose").and(takesArguments(0)), ParkAdvice.SelectorClose.class.getName()))
                    .type(named("sun.nio.ch.UnixDispatcher"))
                    .transform(advice().advice(named("close").and(takesArguments(FileDescriptor.class)),
                            ParkAdvice.DescriptorClose.class.getName()))
                    .installOn(target);
        }

        /**
         * In {@code EPollSelectorImpl.doSelect}, {@code Thread.isVirtual()} becomes the bridge's
         * {@code isVirtualOrStrand}: a strand's select polls and waits as a virtual thread's, in
         * {@code Poller.pollSelector} (advised above), instead of blocking its carrier in epoll_wait.
         */
        private static AsmVisitorWrapper selectAsVirtual(Class<?> bridge) {
            try {
                return MemberSubstitution.relaxed()
                        .method(named("isVirtual").and(isDeclaredBy(Thread.class)))
                        .replaceWith(bridge.getMethod("isVirtualOrStrand", Thread.class))
                        .on(named("doSelect"));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("inconsistent bridge class: " + bridge, e);
            }
        }

        private static AgentBuilder.Transformer.ForAdvice advice() {
            return new AgentBuilder.Transformer.ForAdvice().include(SocketShim.class.getClassLoader());
        }
    }
}
