package io.pal.examples;

import io.pal.Pal;

/**
 * The smallest pal program: one strand says hello and ends. bench/startup.sh times it per backend
 * (what pal adds to a JVM's startup).
 */
public final class HelloStrand {

    private HelloStrand() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(Pal.spawn(() -> "hello from a strand on " + Pal.backend().id()).join());
    }
}
