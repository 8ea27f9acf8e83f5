package io.pal.compat.blocking;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The other party of {@link BlockingCases}' FileChannel.lock case: a plain JVM (a file lock is held
 * per process, so only another process can make a lock wait) that locks a file, says "locked" on
 * its standard output, holds the lock for the given milliseconds, and exits.
 */
public final class LockHolder {

    private LockHolder() {
    }

    /** Starts a holder of {@code file}'s lock for {@code millis} and returns once it holds it. */
    static Process start(Path file, long millis) throws Exception {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), file.toString(),
                String.valueOf(millis))).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] said = p.getInputStream().readNBytes("locked\n".length());
        if (!new String(said).equals("locked\n")) {
            p.destroyForcibly();
            throw new IllegalStateException("the lock holder did not take the lock; it said: " + new String(said));
        }
        return p;
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]));
        }
    }
}
