package io.pal.coroutines;

/**
 * The identity a strand waits under in java.util.concurrent's AbstractQueuedSynchronizer: AQS
 * stores it in the strand's waiter node where it would store {@code Thread.currentThread()} (the
 * carrier), so that its {@code LockSupport.unpark(waiter)} wakes exactly this strand instead of
 * every strand parked under the carrier (ADR 0008). Never started: the JDK's own unpark of it is
 * a no-op, and pal's shim routes it to {@link CoroutineStrand#unparkAsWaiter}. Made at a strand's
 * first AQS wait and kept for its life. AQS also re-asserts an interrupt on it, which must reach
 * the strand.
 */
final class WaiterIdentity extends Thread {

    /** The strand this identity stands for. Immutable. */
    final CoroutineStrand<?> strand;

    WaiterIdentity(CoroutineStrand<?> strand) {
        super(null, null, "pal-waiter-" + strand.name(), 0, false);
        this.strand = strand;
    }

    @Override
    public void interrupt() {
        strand.interrupt();
    }

    @Override
    public boolean isInterrupted() {
        return strand.isInterrupted();
    }
}
