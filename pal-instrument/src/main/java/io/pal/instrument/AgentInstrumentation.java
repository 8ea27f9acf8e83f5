package io.pal.instrument;

import java.lang.instrument.Instrumentation;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * For shims: the {@link Instrumentation} of pal's {@code -javaagent} (the pal-agent jar), when the
 * JVM was started with it. A shim that changes JDK classes uses this one and attaches an agent to
 * its own JVM only when there is none (a test JVM started without the agent), which needs
 * {@code -XX:+EnableDynamicAgentLoading} to stay quiet.
 */
public final class AgentInstrumentation {

    /** Set once by the agent's premain, before the application's main; read by shims at install. */
    private static volatile Instrumentation instrumentation;
    /** The agent's cache of rewritten JDK classes, or null (no agent, or the cache is off). Set with it. */
    private static volatile TransformCache cache;

    private AgentInstrumentation() {
    }

    /**
     * Records the agent's instrumentation. Called by pal-agent's {@code premain} only.
     *
     * @throws IllegalStateException a different instrumentation was recorded before
     */
    public static synchronized void set(Instrumentation inst, TransformCache transforms) {
        Objects.requireNonNull(inst, "inst");
        if (instrumentation != null && instrumentation != inst) {
            throw new IllegalStateException("pal's agent was started twice in this JVM");
        }
        instrumentation = inst;
        cache = transforms;
    }

    /**
     * Runs {@code transformation}, a shim's rewriting of JDK classes through {@code inst}, or, under
     * the agent with its cache on, replays what the same transformation did in an earlier run
     * ({@link TransformCache}). The transformation must rewrite, while it runs, every class it will
     * ever rewrite (load them first): a replay covers exactly those.
     */
    public static void transform(String shim, Instrumentation inst, Consumer<Instrumentation> transformation) {
        TransformCache c = cache;
        if (c != null && inst == instrumentation) {
            c.apply(shim, inst, transformation);
        } else {
            transformation.accept(inst);
        }
    }

    /** The agent's instrumentation, or null when the JVM was not started with pal's agent. */
    public static Instrumentation get() {
        return instrumentation;
    }
}
