package io.pal.examples;

import io.pal.Pal;
import io.pal.channel.Channel;
import io.pal.channel.Select;

import java.time.Duration;

/**
 * A pipeline of strands joined by channels, and a select over two of them with a timeout.
 * Run: {@code bin/pal run -cp examples/target/classes io.pal.examples.ChannelsExample}
 */
public final class ChannelsExample {

    private ChannelsExample() {
    }

    public static void main(String[] args) throws Exception {
        Channel<Integer> numbers = Channel.buffered(16);
        Channel<Integer> squares = Channel.unbuffered();
        Channel<String> alerts = Channel.buffered(1);

        Pal.spawn("producer", () -> {
            for (int i = 1; i <= 10; i++) {
                numbers.send(i);
            }
            numbers.close();
            return null;
        });
        Pal.spawn("squarer", () -> {
            for (int n : numbers) {
                squares.send(n * n);
                if (n == 7) {
                    alerts.send("seven went by");
                }
            }
            squares.close();
            return null;
        });

        int sum = 0;
        while (true) {
            Object event = Select.select()
                    .onReceive(squares, sq -> sq)          // null once squares is closed and drained
                    .onReceive(alerts, alert -> alert)
                    .onTimeout(Duration.ofSeconds(5), () -> null)
                    .run();
            if (event instanceof Integer square) {
                sum += square;
            } else if (event instanceof String alert) {
                System.out.println("alert: " + alert);
            } else {
                break;
            }
        }
        System.out.println("sum of squares 1..10 = " + sum + " (expected 385) on " + Pal.backend());
    }
}
