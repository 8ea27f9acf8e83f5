package io.pal.compat.blocking;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.coroutines.CoroutineDiagnostics;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A program, run in a JVM of its own with one carrier, that makes one kind of blocking call in a
 * strand while 100 other strands sleep 5 ms at a time, and prints what it saw as {@code key=value}
 * lines: the sleepers' worst lateness while the call lasted (after a warm-up), the call's result, and (on coroutines) the hand-offs counted
 * by call. Unmodified blocking code throughout: FileInputStream, Process, InetAddress, System.in.
 *
 * <p>Modes: {@code fifo <dir>} (a strand opens and reads a FIFO whose writer, a plain thread, comes
 * 1 s later), {@code process} (40 strands each wait for a child process that sleeps 0.3 s),
 * {@code dns} (1,000 strands look up {@code localhost}), {@code stdin} (a strand reads a line from
 * System.in, which the test writes 1 s after the program says it is ready).
 */
public final class BlockingProbe {

    private static final int SLEEPERS = 100;
    private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long WARM_UP_MILLIS = 500;

    private BlockingProbe() {
    }

    public static void main(String[] args) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicLong worstLateness = new AtomicLong();
        List<Strand<Void>> sleepers = new ArrayList<>();
        for (int i = 0; i < SLEEPERS; i++) {
            sleepers.add(Pal.spawn("sleeper-" + i, () -> {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    Thread.sleep(5);
                    if (measuring.get()) {
                        worstLateness.accumulateAndGet(System.nanoTime() - start - NAP_NANOS, Math::max);
                    }
                }
                return null;
            }));
        }
        Thread.sleep(WARM_UP_MILLIS); // the JVM's own start-up (compilation, class loading) is not what is measured
        measuring.set(true);
        long start = System.nanoTime();
        String result = switch (args[0]) {
            case "fifo" -> fifo(Path.of(args[1]));
            case "process" -> processes();
            case "dns" -> lookups();
            case "stdin" -> stdin();
            default -> throw new IllegalArgumentException("unknown mode " + args[0] + ": expected fifo, process, dns or stdin");
        };
        long elapsed = System.nanoTime() - start;
        measuring.set(false);
        stop.set(true);
        for (Strand<Void> s : sleepers) {
            s.join();
        }
        System.out.println("result=" + result);
        System.out.println("elapsedMillis=" + TimeUnit.NANOSECONDS.toMillis(elapsed));
        System.out.println("worstLatenessMillis=" + TimeUnit.NANOSECONDS.toMillis(worstLateness.get()));
        CoroutineDiagnostics.active().ifPresent(d -> System.out.println("handOffs=" + d.counts().handOffs()));
    }

    /** A strand opens the FIFO and reads it; the writer opens it 1 s later and writes one line. */
    private static String fifo(Path dir) throws Exception {
        Path fifo = dir.resolve("probe.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        if (mk.waitFor() != 0) {
            throw new IOException("mkfifo " + fifo + " failed");
        }
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(1_000);
                try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
                    out.write("through the fifo\n".getBytes());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "fifo-writer");
        writer.start();
        String line = Pal.spawn("fifo-reader", () -> {
            try (InputStream in = new FileInputStream(fifo.toFile())) { // blocks in open until the writer comes
                return new String(in.readAllBytes()).strip();
            }
        }).join();
        writer.join();
        Files.delete(fifo);
        return line;
    }

    /** 40 strands each start {@code sleep 0.3} and wait for it. */
    private static String processes() throws Exception {
        List<Strand<Integer>> waiters = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            waiters.add(Pal.spawn(() -> new ProcessBuilder("sleep", "0.3").start().waitFor()));
        }
        int failed = 0;
        for (Strand<Integer> w : waiters) {
            failed += w.join() == 0 ? 0 : 1;
        }
        return "exited-nonzero:" + failed;
    }

    /** 1,000 strands resolve localhost (the JVM runs with the address cache off, so each asks the resolver). */
    private static String lookups() throws Exception {
        List<Strand<Boolean>> lookups = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            lookups.add(Pal.spawn(() -> InetAddress.getByName("localhost").isLoopbackAddress()));
        }
        int loopback = 0;
        for (Strand<Boolean> l : lookups) {
            loopback += l.join() ? 1 : 0;
        }
        return "loopback:" + loopback;
    }

    /** A strand reads a line from System.in; the test writes it 1 s after "ready". */
    private static String stdin() throws Exception {
        System.out.println("ready");
        System.out.flush();
        return Pal.spawn("stdin-reader", () -> {
            StringBuilder sb = new StringBuilder();
            int b;
            while ((b = System.in.read()) >= 0 && b != '\n') {
                sb.append((char) b);
            }
            return sb.toString();
        }).join();
    }
}
