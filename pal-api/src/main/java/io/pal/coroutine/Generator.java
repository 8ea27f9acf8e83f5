package io.pal.coroutine;

import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A coroutine that yields values: usable as an Iterator, an Iterable (once) and a lazy Stream.
 *
 * <pre>{@code
 * try (Generator<Integer> squares = Generator.of(out -> {
 *     for (int i = 1; ; i++) out.yield(i * i);
 * })) {
 *     squares.stream().limit(5).forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>Values are produced only when asked for. Stopping early closes the body (its pending yield
 * throws CoroutineClosedException, so its finally blocks run): at once with {@link #close()}, a
 * try-with-resources, or {@code Stream.close()}; and, for a generator simply abandoned (a
 * {@code break} out of a for-each, a short-circuiting stream that is never closed), when it
 * becomes unreachable, through a Cleaner.
 */
public final class Generator<T> implements Iterable<T>, AutoCloseable {

    /** The body of a generator. */
    @FunctionalInterface
    public interface Body<T> {
        void run(Emitter<T> out) throws Exception;
    }

    /** Handed to the body to produce values. */
    public interface Emitter<T> {
        /** Hands {@code value} to the consumer and suspends until the next one is asked for. */
        void yield(T value);
    }

    private static final Cleaner CLEANER = Cleaner.create();

    /** Runs the body. Its close is registered with the Cleaner; nothing it references points back here. */
    private final Coroutine<Void, T> coroutine;
    /** Closes the coroutine, at most once. */
    private final Cleaner.Cleanable cleanable;
    /** Owner only: the value fetched by hasNext and not yet returned by next, and whether there is one. */
    private T next;
    private boolean hasNext;
    /** Owner only: iterator() was called. */
    private boolean iterated;

    private Generator(Body<T> body) {
        this.coroutine = Coroutine.create((yielder, ignored) -> {
            body.run(yielder::yield);
            return null;
        });
        this.cleanable = CLEANER.register(this, closer(coroutine));
    }

    /** A closing action that captures only the coroutine, so that the generator can become unreachable. */
    private static Runnable closer(Coroutine<?, ?> c) {
        return c::close;
    }

    public static <T> Generator<T> of(Body<T> body) {
        return new Generator<>(java.util.Objects.requireNonNull(body, "body"));
    }

    /**
     * The values, in order. A generator runs once, so this may be called once.
     *
     * @throws IllegalStateException on a second call
     */
    @Override
    public Iterator<T> iterator() {
        if (iterated) {
            throw new IllegalStateException("a generator can be iterated only once");
        }
        iterated = true;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return fetch();
            }

            @Override
            public T next() {
                if (!fetch()) {
                    throw new NoSuchElementException("generator is exhausted");
                }
                hasNext = false;
                T t = next;
                next = null;
                return t;
            }
        };
    }

    private boolean fetch() {
        if (hasNext) {
            return true;
        }
        if (coroutine.isDone()) {
            return false;
        }
        T v = coroutine.resume(null);
        if (coroutine.isDone()) {
            cleanable.clean();
            return false;
        }
        next = v;
        hasNext = true;
        return true;
    }

    /** A lazy, sequential stream of the values; closing the stream closes the generator. */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false)
                .onClose(this::close);
    }

    /** Stops the body now (its finally blocks run in this call). Idempotent. */
    @Override
    public void close() {
        cleanable.clean();
    }
}
