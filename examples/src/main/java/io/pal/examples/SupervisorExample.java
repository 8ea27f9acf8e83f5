package io.pal.examples;

import io.pal.Pal;
import io.pal.scope.Supervisor;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OTP supervisor restarting a worker that crashes twice, then running it until stopped.
 * Run: {@code bin/pal run -cp examples/target/classes io.pal.examples.SupervisorExample}
 */
public final class SupervisorExample {

    private SupervisorExample() {
    }

    public static void main(String[] args) throws Exception {
        AtomicInteger starts = new AtomicInteger();
        Supervisor sup = Supervisor.builder()
                .strategy(Supervisor.Strategy.ONE_FOR_ONE)
                .intensity(3, Duration.ofSeconds(5))
                .child("flaky-worker", Supervisor.Restart.PERMANENT, () -> {
                    int n = starts.incrementAndGet();
                    System.out.println("worker start #" + n);
                    if (n <= 2) {
                        throw new IllegalStateException("crash #" + n);
                    }
                    try {
                        Pal.sleep(Duration.ofDays(1));
                    } catch (InterruptedException stopped) {
                        System.out.println("worker stopped by its supervisor");
                    }
                })
                .start();
        while (starts.get() < 3) {
            Pal.park(Duration.ofMillis(5));
        }
        sup.stop();
        System.out.println("restarts: " + sup.restarts() + " (on " + Pal.backend() + ")");
    }
}
