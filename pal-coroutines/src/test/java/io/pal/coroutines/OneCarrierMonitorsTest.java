package io.pal.coroutines;

import io.pal.Strand;
import io.pal.coroutines.sched.ThreadAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Waits that block a carrier natively, on a backend with one carrier: a contended monitor whose
 * owner sleeps inside it, and {@code Object.wait}/{@code notify} between strands. Each finishes
 * only if the monitor moves the blocked carrier's other strands (started ones included) to a
 * spare, and the monitor's owner may resume on a carrier other than the one it entered on.
 */
@Timeout(60)
class OneCarrierMonitorsTest extends OnPrivateBackend {

    @Override
    protected int carriers() {
        return 1;
    }

    /**
     * Room for the spares the monitor starts while carriers are blocked: a contender for a monitor
     * blocks its carrier natively, so the owner can resume only while fewer strands contend than
     * there are carriers at most (pal.maxCarriers defaults to 256; here 20 strands contend).
     */
    @Override
    protected int maxCarriers() {
        return 64;
    }

    /** 20 strands each {@code synchronized (x) { sleep 2 ms }} five times. */
    @Test
    void aMonitorHeldAcrossASleepIsPassedOnByEveryStrand() throws Exception {
        Object x = new Object();
        int[] inside = {0};
        List<Strand<Void>> strands = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            strands.add(b.spawn(() -> {
                for (int i = 0; i < 5; i++) {
                    synchronized (x) {
                        int v = inside[0];
                        b.sleep(2_000_000);
                        inside[0] = v + 1;
                    }
                }
                return null;
            }));
        }
        for (Strand<Void> s : strands) {
            s.join();
        }
        synchronized (x) {
            assertEquals(100, inside[0]);
        }
    }

    @Test
    void objectWaitAndNotifyBetweenStrands() throws Exception {
        Object box = new Object();
        Deque<Integer> items = new ArrayDeque<>();
        Strand<Long> consumer = b.spawn(() -> {
            long sum = 0;
            for (int i = 0; i < 1_000; i++) {
                synchronized (box) {
                    while (items.isEmpty()) {
                        box.wait();
                    }
                    sum += items.poll();
                    box.notifyAll();
                }
            }
            return sum;
        });
        Strand<Void> producer = b.spawn(() -> {
            for (int i = 1; i <= 1_000; i++) {
                synchronized (box) {
                    while (items.size() >= 2) {
                        box.wait();
                    }
                    items.add(i);
                    box.notifyAll();
                }
                if (i % 100 == 0) {
                    b.sleep(100_000); // and a suspension now and then, so the strands move between carriers
                }
            }
            return null;
        });
        producer.join();
        assertEquals(500_500L, consumer.join());
    }

    /** A dump taken again and again while strands move between the carrier and its spares. */
    @Test
    void aStrandDumpWhileStrandsMigrate() throws Exception {
        Object x = new Object();
        AtomicBoolean stop = new AtomicBoolean();
        Set<String> carriersSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Strand<Integer>> movers = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            movers.add(b.spawnIdentityStrand("mover-" + s, () -> { // a virtual strand would unmount, not block its carrier
                int rounds = 0;
                Thread me = Thread.currentThread();
                while (!stop.get()) {
                    synchronized (x) { // contenders block carriers: the monitor hands the rest to spares
                        carriersSeen.add(ThreadAccess.currentCarrier().getName());
                        b.sleep(200_000);
                    }
                    if (Thread.currentThread() != me) {
                        throw new AssertionError("identity changed");
                    }
                    rounds++;
                }
                return rounds;
            }));
        }
        CoroutineDiagnostics d = CoroutineDiagnostics.of(b).orElseThrow();
        Set<String> dumped = new HashSet<>();
        long until = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < until) {
            for (CoroutineDiagnostics.StrandInfo info : d.strands()) {
                dumped.add(info.name());
                assertTrue(info.detail().contains(" as Thread["), "the dump names the strand's identity: " + info.detail());
            }
        }
        stop.set(true);
        int total = 0;
        for (Strand<Integer> m : movers) {
            total += m.join();
        }
        assertTrue(total > 0);
        assertTrue(dumped.containsAll(List.of("mover-0", "mover-7")), dumped.toString());
        assertTrue(carriersSeen.size() > 1, "the strands never ran on a second carrier: " + carriersSeen);
    }
}
