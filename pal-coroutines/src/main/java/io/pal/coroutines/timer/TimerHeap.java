package io.pal.coroutines.timer;

import java.util.Arrays;

/**
 * An indexed 4-ary min-heap of timers by deadline: add, remove-any and poll-min in O(log n), peek
 * in O(1). Each timer knows its own index, so cancelling needs no search. Four children per node
 * make the tree half as deep as a binary heap's, and the children of a node share a cache line or
 * two. Not thread-safe: {@link Timers} guards it.
 *
 * <p>Deadlines are compared as {@code a - b < 0}, so they may wrap around like System.nanoTime().
 */
final class TimerHeap {

    /** The heap array; heap[0] is the earliest. Slots at and past size are null. */
    private Timer[] heap = new Timer[64];
    /** Number of timers queued. */
    private int size;

    int size() {
        return size;
    }

    Timer peek() {
        return size == 0 ? null : heap[0];
    }

    void add(Timer t) {
        assert t.index < 0 : "timer already queued";
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        siftUp(size++, t);
    }

    Timer poll() {
        if (size == 0) {
            return null;
        }
        Timer first = heap[0];
        removeAt(0);
        return first;
    }

    /** Removes {@code t} if it is queued; returns whether it was. */
    boolean remove(Timer t) {
        int i = t.index;
        if (i < 0 || i >= size || heap[i] != t) {
            return false;
        }
        removeAt(i);
        return true;
    }

    private void removeAt(int i) {
        Timer removed = heap[i];
        Timer last = heap[--size];
        heap[size] = null;
        removed.index = -1;
        if (i == size) {
            return;
        }
        siftDown(i, last);
        if (heap[i] == last) {
            siftUp(i, last);
        }
    }

    private static boolean before(Timer a, Timer b) {
        return a.deadline - b.deadline < 0;
    }

    private void siftUp(int i, Timer t) {
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            Timer p = heap[parent];
            if (!before(t, p)) {
                break;
            }
            place(i, p);
            i = parent;
        }
        place(i, t);
    }

    private void siftDown(int i, Timer t) {
        while (true) {
            int first = (i << 2) + 1;
            if (first >= size) {
                break;
            }
            int min = first;
            int end = Math.min(first + 4, size);
            for (int c = first + 1; c < end; c++) {
                if (before(heap[c], heap[min])) {
                    min = c;
                }
            }
            if (!before(heap[min], t)) {
                break;
            }
            place(i, heap[min]);
            i = min;
        }
        place(i, t);
    }

    private void place(int i, Timer t) {
        heap[i] = t;
        t.index = i;
    }

    /** Checks the heap property and every index; for tests. */
    boolean isValid() {
        for (int i = 0; i < size; i++) {
            if (heap[i].index != i) {
                return false;
            }
            if (i > 0 && before(heap[i], heap[(i - 1) >>> 2])) {
                return false;
            }
        }
        return true;
    }
}
