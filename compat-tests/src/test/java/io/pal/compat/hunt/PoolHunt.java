package io.pal.compat.hunt;

import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sim program (run it with {@code bin/pal sim}): Apache commons-pool2's {@code GenericObjectPool}
 * (its own blocking deque, its own locks and conditions, an evictor) with two objects at most, three
 * borrowers that hold an object a few milliseconds, one of which invalidates what it holds, and an
 * evictor run by hand meanwhile. Invariants, exact: no object is lent to two borrowers at once, a
 * borrow with an hour's wait never fails, the pool never makes more than two live objects, and at
 * the end nothing is active.
 */
public final class PoolHunt {

    /** A pooled thing; {@code lent} checks the pool's bookkeeping from outside. */
    static final class Thing {
        final AtomicBoolean lent = new AtomicBoolean();
    }

    private PoolHunt() {
    }

    public static void main(String[] args) throws Exception {
        Random random = new Random();
        AtomicInteger live = new AtomicInteger();
        AtomicInteger mostLive = new AtomicInteger();
        GenericObjectPoolConfig<Thing> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(2);
        config.setMaxIdle(2);
        config.setMaxWait(Duration.ofHours(1));
        config.setMinEvictableIdleDuration(Duration.ofMillis(1));
        config.setJmxEnabled(false);
        GenericObjectPool<Thing> pool = new GenericObjectPool<>(new BasePooledObjectFactory<>() {
            @Override
            public Thing create() {
                mostLive.accumulateAndGet(live.incrementAndGet(), Math::max);
                return new Thing();
            }

            @Override
            public PooledObject<Thing> wrap(Thing t) {
                return new DefaultPooledObject<>(t);
            }

            @Override
            public void destroyObject(PooledObject<Thing> p) {
                live.decrementAndGet();
            }
        }, config);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> borrowers = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            int hold = 1 + random.nextInt(3);
            boolean invalidates = b == 0;
            Thread t = new Thread(() -> {
                try {
                    for (int round = 0; round < 4; round++) {
                        Thing x = pool.borrowObject();
                        if (!x.lent.compareAndSet(false, true)) {
                            failures.add("an object lent to two borrowers at once");
                        }
                        Thread.sleep(hold);
                        x.lent.set(false);
                        if (invalidates && round == 1) {
                            pool.invalidateObject(x);
                        } else {
                            pool.returnObject(x);
                        }
                    }
                } catch (Exception e) {
                    failures.add("borrow failed: " + e);
                }
            }, "borrower-" + b);
            t.start();
            borrowers.add(t);
        }
        Thread evictor = new Thread(() -> {
            try {
                for (int i = 0; i < 3; i++) {
                    Thread.sleep(1 + random.nextInt(4));
                    pool.evict();
                }
            } catch (Exception e) {
                failures.add("evict failed: " + e);
            }
        }, "evictor");
        evictor.start();
        for (Thread t : borrowers) {
            t.join();
        }
        evictor.join();
        if (mostLive.get() > 2) {
            failures.add(mostLive.get() + " live objects in a pool of at most 2");
        }
        if (pool.getNumActive() != 0) {
            failures.add(pool.getNumActive() + " objects still active at the end");
        }
        pool.close();
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.toString());
        }
    }
}
