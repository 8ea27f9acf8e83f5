package io.pal.examples.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code VirtualHours H T}: T threads each sleep one second at a time until H hours have passed,
 * handing a shared counter round under a lock after each sleep. Under {@code pal.backend=sim} the
 * hours are virtual: bench/sim.sh times how many pass per second of wall time.
 */
public final class VirtualHours {

    private VirtualHours() {
    }

    public static void main(String[] args) throws InterruptedException {
        int hours = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        long[] ticks = {0};
        long end = System.currentTimeMillis() + hours * 3_600_000L;
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    while (System.currentTimeMillis() < end) {
                        Thread.sleep(1000);
                        synchronized (ticks) {
                            ticks[0]++;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            th.start();
            all.add(th);
        }
        for (Thread th : all) {
            th.join();
        }
        System.out.println(ticks[0] + " ticks in " + hours + " hours");
    }
}
