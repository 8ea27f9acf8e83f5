package io.pal.examples.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in a process of its own: started from a command, ready once it prints
 * {@code listening on HOST:PORT}, watched through {@code /proc/<pid>/status} every 100 ms (peak
 * threads, peak resident memory) until {@link #close()} ends it.
 *
 * <p>A process of its own, not a thread of the load generator's JVM: so that its resident memory
 * and threads are its own, and so that each side may hold as many descriptors as the limit allows.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+)");
    private static final int OUTPUT_LINES_KEPT = 20;

    private final Process process;
    /** Completed with the address from the "listening on" line, or exceptionally when the output ends first. */
    private final CompletableFuture<InetSocketAddress> address = new CompletableFuture<>();
    /** The last lines the server printed, for a failure's reason. Guarded by itself. */
    private final Deque<String> lastLines = new ArrayDeque<>();
    /** Largest {@code Threads} and {@code VmRSS} seen. Written by the sampler thread only. */
    private volatile long peakThreads;
    private volatile long peakRssBytes;
    /** Set by close: the sampler stops. */
    private volatile boolean closed;

    private ServerProcess(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("server-output-" + process.pid()).start(this::readOutput);
        Thread.ofPlatform().daemon().name("server-sampler-" + process.pid()).start(this::sample);
    }

    /** Starts {@code command} (stderr merged into stdout). */
    public static ServerProcess start(List<String> command) throws IOException {
        return new ServerProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Waits up to {@code timeout} for the "listening on" line; throws with the server's last output if it does not come. */
    public InetSocketAddress awaitListening(Duration timeout) throws IOException, InterruptedException {
        String why;
        try {
            return address.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) { // its output ended: it is exiting
            why = process.waitFor(5, TimeUnit.SECONDS) ? "the server exited with status " + process.exitValue()
                    : "the server closed its output without saying where it listens";
        } catch (TimeoutException e) {
            why = "no 'listening on' line within " + timeout.toSeconds() + " s";
        }
        throw new IOException(why + lastError());
    }

    /** The address the server printed; call after {@link #awaitListening} succeeded. */
    public InetSocketAddress address() {
        return address.getNow(null);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Peak {@code Threads} of the process seen so far (every thread, a JVM's own included). */
    public long peakThreads() {
        return peakThreads;
    }

    /** Peak {@code VmRSS} of the process seen so far, in bytes. */
    public long peakRssBytes() {
        return peakRssBytes;
    }

    /**
     * "; it said: ..." with the first exception line among the server's last lines (a stack trace's
     * message, not its frames), else its last line; nothing if it printed nothing.
     */
    public String lastError() {
        synchronized (lastLines) {
            String said = lastLines.stream()
                    .filter(l -> l.startsWith("Exception in thread") || l.matches("^\\S*(Exception|Error)\\b.*"))
                    .findFirst()
                    .orElse(lastLines.peekLast());
            return said == null ? "" : "; it said: " + said.strip();
        }
    }

    /** Ends the process: SIGTERM, then SIGKILL after 5 s. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                Matcher m = LISTENING.matcher(line);
                if (!address.isDone() && m.find()) {
                    address.complete(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))));
                    continue;
                }
                synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > OUTPUT_LINES_KEPT) {
                        lastLines.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            address.completeExceptionally(new IOException("the server's output ended"));
        }
    }

    private void sample() {
        long pid = process.pid();
        while (!closed && process.isAlive()) {
            ProcStatus.threads(pid).ifPresent(t -> peakThreads = Math.max(peakThreads, t));
            ProcStatus.rssBytes(pid).ifPresent(r -> peakRssBytes = Math.max(peakRssBytes, r));
            try {
                Thread.sleep(100); // a sampling period, not a wait for a state
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
