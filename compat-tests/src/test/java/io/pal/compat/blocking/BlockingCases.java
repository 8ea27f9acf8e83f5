package io.pal.compat.blocking;

import com.sun.net.httpserver.HttpServer;
import io.pal.Pal;
import io.pal.Strand;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Scanner;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The blocking calls {@link BlockingProbe} measures, one per API a program blocks in, by name. Each
 * makes the call the way an ordinary program does, and its other party, a plain thread or a child
 * process, comes late: {@link #DELAY_MILLIS} before it opens its end, and as long again before it
 * finishes (so a call that waits both in its open and in its read or write waits about twice that).
 * Each returns what it read or wrote, for the test to check.
 */
final class BlockingCases {

    /** How late the other party comes, each time. */
    static final long DELAY_MILLIS = 400;
    /** The baseline window: as long as a case that waits twice. */
    static final long BASELINE_MILLIS = 2 * DELAY_MILLIS;
    /** What a late writer writes to a FIFO, in two parts. */
    static final String FIRST = "first line\n";
    static final String SECOND = "second line\n";
    /** What a FIFO read returns once both parts came, lines joined by '|'. */
    static final String READ = "first line|second line";
    /** How much a writer writes into a FIFO: four times a pipe's 64 KiB, so it waits for the late reader. */
    static final int WRITE_BYTES = 256 * 1024;
    /** What a write case returns when the reader got every byte. */
    static final String WROTE = "the reader got " + WRITE_BYTES + " bytes";
    /** What an open-to-write case returns: the late reader got the first line. */
    static final String WROTE_FIRST = "the reader got " + FIRST.length() + " bytes";

    private static final Map<String, Case> CASES = Map.ofEntries(
            Map.entry("FileInputStream", dir -> readFifo(dir, f -> lines(new FileInputStream(f.toFile())))),
            Map.entry("FileReader", dir -> readFifo(dir, f -> lines(new BufferedReader(new FileReader(f.toFile()))))),
            Map.entry("RandomAccessFile", dir -> readFifo(dir, BlockingCases::randomAccessRead)),
            Map.entry("Scanner", dir -> readFifo(dir, BlockingCases::scan)),
            Map.entry("Files.newInputStream", dir -> readFifo(dir, f -> lines(Files.newInputStream(f)))),
            Map.entry("Files.newBufferedReader", dir -> readFifo(dir, f -> lines(Files.newBufferedReader(f)))),
            Map.entry("Files.readAllBytes", dir -> readFifo(dir, f -> joined(new String(Files.readAllBytes(f), StandardCharsets.UTF_8)))),
            Map.entry("Files.readString", dir -> readFifo(dir, f -> joined(Files.readString(f)))),
            Map.entry("Files.lines", dir -> readFifo(dir, BlockingCases::streamLines)),
            Map.entry("Files.copy", dir -> readFifo(dir, BlockingCases::copyOut)),
            Map.entry("FileChannel.read", dir -> readFifo(dir, BlockingCases::channelRead)),
            Map.entry("FileOutputStream", dir -> writeFifo(dir, f -> {
                try (FileOutputStream out = new FileOutputStream(f.toFile())) {
                    out.write(new byte[WRITE_BYTES]);
                }
            })),
            Map.entry("Files.write", dir -> writeFifo(dir, f -> Files.write(f, new byte[WRITE_BYTES]))),
            Map.entry("Files.writeString", dir -> writeFifo(dir, f -> Files.writeString(f, "x".repeat(WRITE_BYTES)))),
            Map.entry("FileChannel.write", dir -> writeFifo(dir, BlockingCases::channelWrite)),
            Map.entry("FileChannel.transferTo", BlockingCases::transferTo),
            Map.entry("open to read: FileInputStream", dir -> openToRead(dir, f -> lines(new FileInputStream(f.toFile())))),
            Map.entry("open to read: Files.newInputStream", dir -> openToRead(dir, f -> lines(Files.newInputStream(f)))),
            Map.entry("open to write: FileOutputStream", dir -> openToWrite(dir, f -> {
                try (FileOutputStream out = new FileOutputStream(f.toFile())) {
                    out.write(FIRST.getBytes(StandardCharsets.UTF_8));
                }
            })),
            Map.entry("open to write: Files.newOutputStream", dir -> openToWrite(dir, f -> {
                try (OutputStream out = Files.newOutputStream(f)) {
                    out.write(FIRST.getBytes(StandardCharsets.UTF_8));
                }
            })),
            Map.entry("FileChannel.lock", BlockingCases::lock),
            Map.entry("Process.getInputStream", dir -> processOutput()),
            Map.entry("Process.waitFor", dir -> processWaits()),
            Map.entry("ProcessHandle.onExit", dir -> onExit()),
            Map.entry("InetAddress", dir -> lookups()),
            Map.entry("System.in", dir -> stdin()),
            Map.entry("Console", dir -> console()),
            Map.entry("HttpClient.send", dir -> httpSend()),
            Map.entry("JarFile", BlockingCases::jarRead),
            Map.entry("FileDescriptor.sync", BlockingCases::sync));

    /** One blocking call, made in a strand; returns what it read or wrote. */
    interface Case {
        String run(Path dir) throws Exception;
    }

    private interface FifoRead {
        String read(Path fifo) throws Exception;
    }

    private interface FifoWrite {
        void write(Path fifo) throws Exception;
    }

    private BlockingCases() {
    }

    /**
     * Runs, on the calling thread (not a strand), what case {@code name}'s JDK code sets up the first
     * time it runs: class loading and static setup compute in the strand otherwise, and a strand that
     * computes holds up the nappers on one carrier as surely as a call that blocks. Only the
     * HttpClient case needs it (its module loads hundreds of classes: measured 186 ms once).
     */
    static void warmUp(String name) throws Exception {
        if (name.equals("HttpClient.send")) {
            exchange(0);
        }
    }

    /** The case named {@code name}, bound to the scratch directory {@code dir}. */
    static Callable<String> of(String name, Path dir) {
        Case c = CASES.get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown case " + name + ": expected one of " + CASES.keySet());
        }
        return () -> c.run(dir);
    }

    // ---------------------------------------------------------------- FIFOs with a late other end

    /** Reads all of a FIFO, open at both ends already, with {@code read}; its writer writes two lines late. */
    private static String readFifo(Path dir, FifoRead read) throws Exception {
        try (Fifo f = Fifo.lateWriter(dir)) {
            return read.read(f.path);
        }
    }

    /** Writes {@link #WRITE_BYTES} into a FIFO, open at both ends already, with {@code write}; its reader drains it late. */
    private static String writeFifo(Path dir, FifoWrite write) throws Exception {
        try (Fifo f = Fifo.lateReader(dir)) {
            write.write(f.path);
            return f.peerResult();
        }
    }

    /** Opens a FIFO for reading with {@code read} and reads all; its writer opens twice the delay late. */
    private static String openToRead(Path dir, FifoRead read) throws Exception {
        try (Fifo f = Fifo.lateOpener(dir, false)) {
            return read.read(f.path);
        }
    }

    /** Opens a FIFO for writing with {@code write} and writes a little; its reader opens twice the delay late. */
    private static String openToWrite(Path dir, FifoWrite write) throws Exception {
        try (Fifo f = Fifo.lateOpener(dir, true)) {
            write.write(f.path);
            return f.peerResult();
        }
    }

    private static String lines(InputStream in) throws IOException {
        try (in) {
            return joined(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static String lines(BufferedReader r) throws IOException {
        try (r) {
            return r.lines().collect(Collectors.joining("|"));
        }
    }

    private static String joined(String text) {
        return text.lines().collect(Collectors.joining("|"));
    }

    private static String randomAccessRead(Path fifo) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(fifo.toFile(), "r")) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] b = new byte[64];
            for (int n; (n = f.read(b)) >= 0; ) {
                all.write(b, 0, n);
            }
            return joined(all.toString(StandardCharsets.UTF_8));
        }
    }

    private static String scan(Path fifo) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Scanner s = new Scanner(fifo.toFile(), StandardCharsets.UTF_8)) {
            while (s.hasNextLine()) {
                lines.add(s.nextLine());
            }
        }
        return String.join("|", lines);
    }

    private static String streamLines(Path fifo) throws IOException {
        try (Stream<String> lines = Files.lines(fifo)) {
            return lines.collect(Collectors.joining("|"));
        }
    }

    private static String copyOut(Path fifo) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Files.copy(fifo, out);
        return joined(out.toString(StandardCharsets.UTF_8));
    }

    /** FileChannel.read into a heap buffer; the channel is opened on a plain thread, so that only the reads are the strand's. */
    private static String channelRead(Path fifo) throws Exception {
        try (FileChannel ch = onAPlainThread(() -> FileChannel.open(fifo, StandardOpenOption.READ))) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(64);
            while (ch.read(b) >= 0) {
                all.write(b.array(), 0, b.position());
                b.clear();
            }
            return joined(all.toString(StandardCharsets.UTF_8));
        }
    }

    /** FileChannel.write of a heap buffer; the channel is opened on a plain thread, so that only the writes are the strand's. */
    private static void channelWrite(Path fifo) throws Exception {
        try (FileChannel ch = onAPlainThread(() -> FileChannel.open(fifo, StandardOpenOption.WRITE))) {
            ByteBuffer b = ByteBuffer.allocate(WRITE_BYTES);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    /** FileChannel.transferTo from a file into a FIFO (sendfile into a pipe), whose reader drains it late; both channels opened on a plain thread. */
    private static String transferTo(Path dir) throws Exception {
        Path source = onAPlainThread(() -> Files.write(Files.createTempFile(dir, "source", ".bin"), new byte[WRITE_BYTES]));
        try {
            return writeFifo(dir, f -> {
                try (FileChannel in = onAPlainThread(() -> FileChannel.open(source, StandardOpenOption.READ));
                     FileChannel out = onAPlainThread(() -> FileChannel.open(f, StandardOpenOption.WRITE))) {
                    for (long at = 0; at < WRITE_BYTES; ) {
                        at += in.transferTo(at, WRITE_BYTES - at, out);
                    }
                }
            });
        } finally {
            onAPlainThread(() -> Files.deleteIfExists(source));
        }
    }

    // ---------------------------------------------------------------- other parties

    /** FileChannel.lock() on a file whose lock another process ({@link LockHolder}) holds for twice the delay. */
    private static String lock(Path dir) throws Exception {
        Path file = onAPlainThread(() -> Files.createTempFile(dir, "locked", ".bin"));
        Process holder = LockHolder.start(file, 2 * DELAY_MILLIS);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            return "locked after the holder: " + (holder.waitFor() == 0 && lock.isValid());
        } finally {
            holder.destroy();
            Files.delete(file);
        }
    }

    /** A child process's standard output, read as it comes: two lines, each after the delay. */
    private static String processOutput() throws IOException {
        double s = DELAY_MILLIS / 1000.0;
        Process p = new ProcessBuilder("sh", "-c", "sleep " + s + "; printf '" + FIRST + "'; sleep " + s + "; printf '"
                + SECOND + "'").redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            return joined(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /**
     * 40 strands each start {@code sleep 0.3} and wait for it; the case's strand waits for them, and
     * counts the most that waited at once (1 if each wait held the only carrier: a count of events,
     * not a time).
     */
    private static String processWaits() throws Exception {
        AtomicInteger waiting = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Strand<Integer>> waiters = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            waiters.add(Pal.spawn(() -> {
                Process p = new ProcessBuilder("sleep", "0.3").start();
                most.accumulateAndGet(waiting.incrementAndGet(), Math::max);
                try {
                    return p.waitFor();
                } finally {
                    waiting.decrementAndGet();
                }
            }));
        }
        int failed = 0;
        for (Strand<Integer> w : waiters) {
            failed += w.join() == 0 ? 0 : 1;
        }
        return "exited-nonzero:" + failed + " most-waiting-at-once:" + most.get();
    }

    /** ProcessHandle.onExit().get() on a child that sleeps twice the delay. */
    private static String onExit() throws Exception {
        Process p = new ProcessBuilder("sleep", String.valueOf(2 * DELAY_MILLIS / 1000.0)).start();
        ProcessHandle h = p.toHandle().onExit().get();
        return "exited: " + !h.isAlive() + ", status " + p.exitValue();
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

    /** A line from System.in, which the test writes twice the delay after the line "ready". */
    private static String stdin() throws IOException {
        System.out.println("ready");
        System.out.flush();
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = System.in.read()) >= 0 && b != '\n') {
            sb.append((char) b);
        }
        return sb.toString();
    }

    /** A line read through System.console() (the JVM runs on a terminal), which the test types twice the delay after "ready". */
    private static String console() {
        java.io.Console c = System.console();
        if (c == null) {
            return "no console";
        }
        System.out.println("ready");
        System.out.flush();
        return c.readLine();
    }

    /** HttpClient.send to a loopback server whose handler answers twice the delay late. */
    private static String httpSend() throws Exception {
        return exchange(2 * DELAY_MILLIS);
    }

    /** One HttpClient.send to a new loopback server whose handler answers {@code lateMillis} late; the answer's body. */
    private static String exchange(long lateMillis) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService handlers = Executors.newSingleThreadExecutor();
        server.setExecutor(handlers);
        server.createContext("/", ex -> {
            try {
                Thread.sleep(lateMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "late answer".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        } finally {
            server.stop(0);
            handlers.shutdownNow();
        }
    }

    /** A JarFile opened and an entry read (its reads are RandomAccessFile's): the call is fast, what is checked is that it hands off. */
    private static String jarRead(Path dir) throws Exception {
        Path jar = onAPlainThread(() -> { // made outside the strand: only the JarFile's own opens and reads may hand off
            Path j = Files.createTempFile(dir, "probe", ".jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(j))) {
                out.putNextEntry(new JarEntry("entry.txt"));
                out.write("inside the jar".getBytes(StandardCharsets.UTF_8));
            }
            return j;
        });
        try (JarFile f = new JarFile(jar.toFile()); InputStream in = f.getInputStream(f.getJarEntry("entry.txt"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            onAPlainThread(() -> Files.deleteIfExists(jar));
        }
    }

    /** FileDescriptor.sync of a file just written: fast here, what is checked is that it hands off. */
    private static String sync(Path dir) throws Exception {
        Path file = onAPlainThread(() -> Files.createTempFile(dir, "synced", ".bin"));
        FileOutputStream out = onAPlainThread(() -> { // opened and written outside the strand: only the sync may hand off
            FileOutputStream o = new FileOutputStream(file.toFile());
            o.write(new byte[4096]);
            return o;
        });
        try {
            FileDescriptor fd = out.getFD();
            fd.sync();
            return "synced " + fd.valid();
        } finally {
            onAPlainThread(() -> {
                out.close();
                Files.delete(file);
                return null;
            });
        }
    }

    /** Runs {@code body} on a new plain thread and returns its result: setup a case's count of hand-offs must not include. */
    static <T> T onAPlainThread(Callable<T> body) throws Exception {
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(body);
        Thread t = new Thread(task, "case-setup");
        t.start();
        return task.get();
    }
}
