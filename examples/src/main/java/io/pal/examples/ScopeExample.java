package io.pal.examples;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.scope.StrandScope;

import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * Structured concurrency: two lookups in one scope; when one fails, the other is cancelled and the
 * failure comes out of the scope. Run: {@code bin/pal run -cp examples/target/classes io.pal.examples.ScopeExample}
 */
public final class ScopeExample {

    private ScopeExample() {
    }

    public static void main(String[] args) throws Exception {
        try (StrandScope scope = StrandScope.open()) {
            Strand<String> user = scope.spawn(() -> slow("user 42", 20));
            Strand<String> orders = scope.spawn(() -> slow("3 orders", 30));
            scope.join();
            System.out.println("both finished: " + user.resultNow() + ", " + orders.resultNow());
        }

        StrandScope scope = StrandScope.open();
        Strand<String> slowOne = scope.spawn(() -> slow("never", 60_000));
        scope.spawn(() -> {
            throw new IllegalStateException("the inventory service is down");
        });
        try {
            scope.join();
        } catch (ExecutionException e) {
            System.out.println("scope failed with: " + e.getCause().getMessage()
                    + "; the slow sibling was cancelled: " + slowOne.isCancelled() + " (on " + Pal.backend() + ")");
        }
    }

    private static String slow(String answer, long millis) throws InterruptedException {
        Pal.sleep(Duration.ofMillis(millis));
        return answer;
    }
}
