package io.pal.bench;

import io.pal.coroutines.sched.Carrier;
import io.pal.coroutines.sched.Scheduler;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * The floors under AbHarness's ping-pong: the same round trip with less and less of pal and of the
 * JDK's virtual threads under it, so that a ping-pong's time can be split into the part of each
 * layer (bench/layers.sh runs them beside AbHarness and Go in one run). One measurement per JVM;
 * 2 warm-up rounds, then the median of 7: {@code RESULT <mode> <ns> ns/round trip <note>}.
 *
 * <pre>
 *   continuation  two jdk.internal.vm.Continuations run in turn by one thread, each yielding at
 *                 once: two yield + run pairs per round trip, the least a switch can cost on the JVM
 *   vt-inline     two virtual threads ping-pong with LockSupport.park/unpark (the turn protocol of
 *                 AbHarness pingpong, {@link AbHarness#pingPongBodies}) on an executor of one thread that runs what it is given from
 *                 an ArrayDeque: the JDK's virtual-thread park, unpark, mount and unmount, and no scheduler
 *   vt-pal        the same virtual threads with pal's Scheduler (2 carriers) as their executor: pal's
 *                 run queue, runnext and carrier loop, without pal's API (Pal.park, Pal.unpark); the
 *                 note gives the carriers' switches, sleeps and steals over all rounds
 * </pre>
 *
 * Needs {@code jdk.internal.vm} exported and {@code java.lang} open to the class path, which pal's
 * agent does.
 */
public final class SwitchFloor {

    private static final int REPS = 7;
    private static final int ROUNDS = 1_000_000;
    /** vt-pal's scheduler, whose counters the result line reports (a ping-pong should neither wake nor steal); else null. */
    private static Scheduler scheduler;

    private SwitchFloor() {
    }

    public static void main(String[] args) throws Throwable {
        String mode = args.length > 0 ? args[0] : "";
        Measure m = switch (mode) {
            case "continuation" -> SwitchFloor::continuations;
            case "vt-inline" -> {
                Inline carrier = new Inline();
                Thread.Builder.OfVirtual b = builder(carrier);
                yield () -> virtualThreads(b);
            }
            case "vt-pal" -> {
                scheduler = Scheduler.start("floor", 2);
                Thread.Builder.OfVirtual b = builder(scheduler);
                yield () -> virtualThreads(b);
            }
            default -> {
                System.err.println("usage: SwitchFloor continuation|vt-inline|vt-pal");
                System.exit(2);
                yield null;
            }
        };
        m.run();
        m.run();
        double[] v = new double[REPS];
        for (int i = 0; i < REPS; i++) {
            v[i] = m.run();
        }
        Arrays.sort(v);
        String carriers = scheduler == null ? "" : String.format("; the carriers, all rounds: %d switches, %d sleeps, %d steals",
                scheduler.total(Carrier.Stat.SWITCHES), scheduler.total(Carrier.Stat.SLEEPS), scheduler.total(Carrier.Stat.STEALS));
        System.out.printf("RESULT\t%s\t%.1f\tns/round trip\tmedian of %d (min %.1f, max %.1f)%s%n", mode, v[REPS / 2], REPS, v[0], v[REPS - 1], carriers);
        System.exit(0); // the carriers are daemons; end here either way
    }

    /** One measurement: ns per round trip. */
    private interface Measure {
        double run() throws Throwable;
    }

    // ---------------------------------------------------------------- bare continuations

    private static final MethodHandle NEW_CONTINUATION;
    private static final MethodHandle RUN;
    private static final MethodHandle YIELD;
    private static final Object SCOPE;

    static {
        try {
            Class<?> scope = Class.forName("jdk.internal.vm.ContinuationScope");
            Class<?> cont = Class.forName("jdk.internal.vm.Continuation");
            MethodHandles.Lookup l = MethodHandles.lookup();
            SCOPE = scope.getConstructor(String.class).newInstance("floor");
            NEW_CONTINUATION = l.findConstructor(cont, MethodType.methodType(void.class, scope, Runnable.class))
                    .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
            RUN = l.findVirtual(cont, "run", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            YIELD = l.findStatic(cont, "yield", MethodType.methodType(boolean.class, scope))
                    .asType(MethodType.methodType(boolean.class, Object.class));
        } catch (ReflectiveOperationException | IllegalAccessError e) {
            throw new ExceptionInInitializerError(new IllegalStateException(
                    "SwitchFloor needs jdk.internal.vm exported to the class path (run it under pal's agent)", e));
        }
    }

    private static void yieldForever() {
        try {
            while (true) {
                boolean yielded = (boolean) YIELD.invokeExact(SCOPE);
                assert yielded;
            }
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static double continuations() throws Throwable {
        Object a = NEW_CONTINUATION.invokeExact(SCOPE, (Runnable) SwitchFloor::yieldForever);
        Object b = NEW_CONTINUATION.invokeExact(SCOPE, (Runnable) SwitchFloor::yieldForever);
        int rounds = 2 * ROUNDS;
        long t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            RUN.invokeExact(a);
            RUN.invokeExact(b);
        }
        return (System.nanoTime() - t0) / (double) rounds;
    }

    // ---------------------------------------------------------------- virtual threads

    /** The least scheduler there is: one thread that runs what it is given, in order, spinning when it has nothing. */
    private static final class Inline implements Executor, Runnable {
        /** Tasks made runnable on the carrier itself. Carrier only. */
        private final ArrayDeque<Runnable> local = new ArrayDeque<>();
        /** Tasks from other threads (the first start). Any thread. */
        private final ConcurrentLinkedQueue<Runnable> external = new ConcurrentLinkedQueue<>();
        /** The carrier thread. Immutable once started. */
        private final Thread carrier;

        Inline() {
            carrier = new Thread(this, "floor-inline-carrier");
            carrier.setDaemon(true);
            carrier.start();
        }

        @Override
        public void execute(Runnable task) {
            if (io.pal.coroutines.sched.ThreadAccess.currentCarrier() == carrier) {
                local.addLast(task);
            } else {
                external.add(task);
            }
        }

        @Override
        public void run() {
            while (true) {
                Runnable t = local.pollFirst();
                if (t == null && (t = external.poll()) == null) {
                    Thread.onSpinWait();
                    continue;
                }
                t.run();
            }
        }
    }

    private static Thread.Builder.OfVirtual builder(Executor scheduler) throws ReflectiveOperationException {
        Class<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
        Constructor<?> k = c.getDeclaredConstructor(Executor.class);
        k.setAccessible(true);
        return (Thread.Builder.OfVirtual) k.newInstance(scheduler);
    }

    private static double virtualThreads(Thread.Builder.OfVirtual b) throws InterruptedException {
        Thread[] pair = new Thread[2];
        long[] took = new long[1];
        Runnable[] body = AbHarness.pingPongBodies(ROUNDS, LockSupport::park, i -> LockSupport.unpark(pair[i]), took);
        pair[1] = b.unstarted(body[1]);
        pair[0] = b.unstarted(body[0]);
        pair[1].start();
        pair[0].start();
        pair[0].join();
        pair[1].join();
        return took[0] / (double) ROUNDS;
    }
}
