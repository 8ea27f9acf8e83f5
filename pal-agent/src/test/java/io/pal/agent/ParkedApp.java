package io.pal.agent;

import io.pal.Pal;
import io.pal.Strand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code n} strands named {@code parked-<i>} park until standard input ends; prints {@code ready}
 * once all of them have reached their park loop. {@link DumpIT} dumps it from outside.
 */
public final class ParkedApp {

    private static volatile boolean done;

    private ParkedApp() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        CountDownLatch parking = new CountDownLatch(n);
        List<Strand<Void>> strands = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            strands.add(Pal.spawn("parked-" + i, () -> {
                parking.countDown();
                while (!done) {
                    waitHere(); // a frame the dump must show
                }
            }));
        }
        parking.await();
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the test closes our input
        }
        done = true;
        strands.forEach(Pal::unpark);
        for (Strand<Void> s : strands) {
            s.join();
        }
    }

    private static void waitHere() {
        Pal.park();
    }
}
