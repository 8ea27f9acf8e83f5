package io.pal.examples.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Fields of Linux's {@code /proc/<pid>/status}: resident memory and thread count of a process. */
public final class ProcStatus {

    private ProcStatus() {
    }

    /** The process's resident set size ({@code VmRSS}) in bytes, empty if the process is gone. */
    public static OptionalLong rssBytes(long pid) {
        OptionalLong kib = field(pid, "VmRSS:");
        return kib.isPresent() ? OptionalLong.of(kib.getAsLong() * 1024) : kib;
    }

    /** The process's live threads ({@code Threads}), every kind (a JVM's GC and compiler threads too); empty if gone. */
    public static OptionalLong threads(long pid) {
        return field(pid, "Threads:");
    }

    /** Open file descriptors of the process (entries of {@code /proc/<pid>/fd}), empty if it is gone or not ours. */
    public static OptionalLong openFiles(long pid) {
        try (var entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return OptionalLong.of(entries.count());
        } catch (IOException | SecurityException e) {
            return OptionalLong.empty();
        }
    }

    /** The process's soft limit of open files ({@code Max open files} in {@code /proc/<pid>/limits}), empty if gone. */
    public static OptionalLong openFilesLimit(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? OptionalLong.of(Long.MAX_VALUE) : OptionalLong.of(Long.parseLong(soft));
                }
            }
            return OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The first number after {@code name} on its line, empty if the process or the line is missing. */
    static OptionalLong field(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]));
                }
            }
            return OptionalLong.empty();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty(); // the process ended while we read
        }
    }
}
