package io.pal.compat.blocking;

import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;

import static io.pal.compat.blocking.BlockingCases.DELAY_MILLIS;

/**
 * A FIFO for one case of {@link BlockingCases}, with its other end in plain threads that come late.
 * Three shapes, so that each call waits where its test says:
 * <ul>
 *   <li>{@link #lateWriter}: both ends are open before the case opens its own (a keeper holds a
 *       read end), so the case's open returns at once and only its reads wait: the writer writes
 *       {@link BlockingCases#FIRST} after the delay and {@link BlockingCases#SECOND} after another;</li>
 *   <li>{@link #lateReader}: likewise open at both ends (a keeper holds a write end), so only the
 *       case's writes wait: the reader reads one byte after the delay and drains the rest after
 *       another;</li>
 *   <li>{@link #lateOpener}: nobody has the other end open, so the case waits in its open, for
 *       twice the delay.</li>
 * </ul>
 * The ends the threads open never pass through a strand, so they hand nothing off themselves.
 */
final class Fifo implements AutoCloseable {

    /** Where the FIFO is. */
    final Path path;
    /** The thread that plays the late party; its result is {@link #peerResult()}. */
    private final FutureTask<String> peer;
    /** An end a keeper opened so that the case's open does not wait; closed with the FIFO. */
    private final AtomicReference<Closeable> kept = new AtomicReference<>();

    private Fifo(Path path, FutureTask<String> peer) {
        this.path = path;
        this.peer = peer;
    }

    /** A FIFO open at both ends whose writer writes its two lines late. */
    static Fifo lateWriter(Path dir) throws Exception {
        Path p = make(dir);
        CountDownLatch opened = new CountDownLatch(2);
        Fifo f = new Fifo(p, new FutureTask<>(() -> {
            try (FileOutputStream out = new FileOutputStream(p.toFile())) {
                opened.countDown();
                Thread.sleep(DELAY_MILLIS);
                out.write(BlockingCases.FIRST.getBytes(StandardCharsets.UTF_8));
                Thread.sleep(DELAY_MILLIS);
                out.write(BlockingCases.SECOND.getBytes(StandardCharsets.UTF_8));
            }
            return "wrote";
        }));
        f.keep(() -> new FileInputStream(p.toFile()), opened);
        start(f.peer, "late-writer");
        opened.await();
        return f;
    }

    /** A FIFO open at both ends whose reader drains it late. */
    static Fifo lateReader(Path dir) throws Exception {
        Path p = make(dir);
        CountDownLatch opened = new CountDownLatch(2);
        Fifo f = new Fifo(p, new FutureTask<>(() -> {
            try (FileInputStream in = new FileInputStream(p.toFile())) {
                opened.countDown();
                Thread.sleep(DELAY_MILLIS);
                long got = in.read(new byte[1]);
                Thread.sleep(DELAY_MILLIS);
                got += in.transferTo(OutputStream.nullOutputStream());
                return "the reader got " + got + " bytes";
            }
        }));
        f.keep(() -> new FileOutputStream(p.toFile()), opened);
        start(f.peer, "late-reader");
        opened.await();
        return f;
    }

    /**
     * A FIFO whose other end opens twice the delay late: for reading ({@code peerReads}: it reads all
     * and says how much), or for writing (it writes {@link BlockingCases#FIRST} and closes).
     */
    static Fifo lateOpener(Path dir, boolean peerReads) throws Exception {
        Path p = make(dir);
        Fifo f = new Fifo(p, new FutureTask<>(() -> {
            Thread.sleep(2 * DELAY_MILLIS);
            if (peerReads) {
                try (FileInputStream in = new FileInputStream(p.toFile())) {
                    return "the reader got " + in.readAllBytes().length + " bytes";
                }
            }
            try (FileOutputStream out = new FileOutputStream(p.toFile())) {
                out.write(BlockingCases.FIRST.getBytes(StandardCharsets.UTF_8));
            }
            return "wrote";
        }));
        start(f.peer, peerReads ? "late-opening-reader" : "late-opening-writer");
        return f;
    }

    /** What the late party did; waits for it. */
    String peerResult() throws Exception {
        closeKept();
        return peer.get();
    }

    @Override
    public void close() throws Exception {
        try {
            peerResult();
        } finally {
            Files.deleteIfExists(path);
        }
    }

    private void closeKept() throws IOException {
        Closeable c = kept.getAndSet(null);
        if (c != null) {
            c.close();
        }
    }

    private interface Opener {
        Closeable open() throws IOException;
    }

    /** A plain thread opens an end with {@code opener} and keeps it (its open waits for the peer's). */
    private void keep(Opener opener, CountDownLatch opened) {
        start(new FutureTask<>(() -> {
            kept.set(opener.open());
            opened.countDown();
            return null;
        }), "fifo-keeper");
    }

    private static void start(Runnable r, String name) {
        new Thread(r, name).start();
    }

    /** Makes a new FIFO in {@code dir}, on a plain thread (mkfifo's process wait would hand off). */
    private static Path make(Path dir) throws Exception {
        return BlockingCases.onAPlainThread(() -> {
            Path fifo = dir.resolve("probe-" + System.nanoTime() + ".fifo");
            Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
            if (mk.waitFor() != 0) {
                throw new IOException("mkfifo " + fifo + " failed");
            }
            return fifo;
        });
    }
}
