package io.pal.spi;

import java.lang.instrument.Instrumentation;
import java.util.Objects;

/**
 * For shims: the {@link Instrumentation} of pal's {@code -javaagent} (the pal-agent jar), when the
 * JVM was started with it. A shim that changes JDK classes uses this one and attaches an agent to
 * its own JVM only when there is none (a test JVM started without the agent), which needs
 * {@code -XX:+EnableDynamicAgentLoading} to stay quiet.
 */
public final class AgentInstrumentation {

    /** Set once by the agent's premain, before the application's main; read by shims at install. */
    private static volatile Instrumentation instrumentation;

    private AgentInstrumentation() {
    }

    /**
     * Records the agent's instrumentation. Called by pal-agent's {@code premain} only.
     *
     * @throws IllegalStateException a different instrumentation was recorded before
     */
    public static synchronized void set(Instrumentation inst) {
        Objects.requireNonNull(inst, "inst");
        if (instrumentation != null && instrumentation != inst) {
            throw new IllegalStateException("pal's agent was started twice in this JVM");
        }
        instrumentation = inst;
    }

    /** The agent's instrumentation, or null when the JVM was not started with pal's agent. */
    public static Instrumentation get() {
        return instrumentation;
    }
}
