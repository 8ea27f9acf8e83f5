package io.pal.examples;

import io.pal.Pal;
import io.pal.coroutine.Coroutine;
import io.pal.coroutine.Generator;

import java.util.stream.Collectors;

/**
 * A lazy, infinite Fibonacci generator consumed as a Stream, and a Lua-style coroutine that keeps
 * a running total between resumes. Run: {@code bin/pal run -cp examples/target/classes io.pal.examples.GeneratorExample}
 */
public final class GeneratorExample {

    private GeneratorExample() {
    }

    public static void main(String[] args) {
        try (Generator<Long> fib = Generator.of(out -> {
            long a = 0;
            long b = 1;
            try {
                while (true) {
                    out.yield(a);
                    long next = a + b;
                    a = b;
                    b = next;
                }
            } finally {
                System.out.println("(the generator's finally ran: it was closed after the stream stopped)");
            }
        })) {
            System.out.println("first 12 Fibonacci numbers: "
                    + fib.stream().limit(12).map(String::valueOf).collect(Collectors.joining(" ")));
        }

        Coroutine<Integer, Integer> total = Coroutine.create((yielder, first) -> {
            int sum = first;
            while (true) {
                sum += yielder.yield(sum);
            }
        });
        System.out.print("running totals:");
        for (int x : new int[] {5, 10, 20, 40}) {
            System.out.print(" " + total.resume(x));
        }
        total.close();
        System.out.println("  (on " + Pal.backend() + ")");
    }
}
