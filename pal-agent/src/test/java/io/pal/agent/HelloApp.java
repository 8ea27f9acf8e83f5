package io.pal.agent;

import io.pal.Pal;

/**
 * The smallest pal program, as {@code bench/startup.sh} times it: one strand says hello and ends.
 * {@link AgentJarIT} runs it with only {@code -javaagent:pal-agent.jar}.
 */
public final class HelloApp {

    private HelloApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(Pal.spawn(() -> "hello from a strand on " + Pal.backend().id()).join());
    }
}
