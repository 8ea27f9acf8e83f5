package io.pal.examples.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A bounded buffer with a lost-wakeup bug: {@code put} and {@code take} wake one waiter with
 * {@code notify()}, but producers and consumers wait on the same monitor, so a producer's
 * {@code notify} may wake another producer, which finds the buffer still full and waits again,
 * while every consumer also waits: nobody is left to wake anyone. It passes almost every time on a
 * real machine. {@code bin/pal sim --seeds 1..500} finds a schedule that hangs it (a deadlock,
 * exit status 3) and prints the command that replays it. The fix is {@code notifyAll()}.
 */
public final class BoundedBufferLostWakeup {

    /** Holds at most {@code capacity} items; guarded by its own monitor. */
    static final class BoundedBuffer<T> {
        private final Object[] items;
        private int head;
        private int count;

        BoundedBuffer(int capacity) {
            items = new Object[capacity];
        }

        synchronized void put(T item) throws InterruptedException {
            while (count == items.length) {
                wait();
            }
            items[(head + count) % items.length] = item;
            count++;
            notify(); // BUG: may wake a producer; notifyAll() is right when both kinds wait here
        }

        @SuppressWarnings("unchecked")
        synchronized T take() throws InterruptedException {
            while (count == 0) {
                wait();
            }
            T item = (T) items[head];
            items[head] = null;
            head = (head + 1) % items.length;
            count--;
            notify(); // BUG: likewise
            return item;
        }
    }

    public static void main(String[] args) throws InterruptedException {
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(1);
        int perThread = 4;
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        buffer.put(i);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "producer-" + p));
        }
        for (int c = 0; c < 2; c++) {
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        buffer.take();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "consumer-" + c));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("moved " + 2 * perThread + " items");
    }
}
