package io.pal.compat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived child process (a JVM a test starts) and collects what it printed and its exit status. */
public final class ChildJvm {

    /** A finished child: its exit status, its standard output, and its non-blank standard error lines. */
    public record Exit(int status, String out, List<String> err) {
    }

    private ChildJvm() {
    }

    /**
     * A command that starts a JVM like this one: this JVM's {@code java}, the flags pal needs that
     * this JVM was started with ({@code --add-opens}, {@code --add-exports},
     * {@code --enable-native-access}, {@code -XX:+EnableDynamicAgentLoading}), then {@code args}.
     */
    public static List<String> java(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> own = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < own.size(); i++) {
            String a = own.get(i);
            if (a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("--enable-native-access")
                    || a.equals("-XX:+EnableDynamicAgentLoading")) {
                cmd.add(a);
                if (!a.contains("=") && i + 1 < own.size()) { // the two-word form: its value follows
                    cmd.add(own.get(++i));
                }
            }
        }
        cmd.addAll(args);
        return cmd;
    }

    /** Runs {@code cmd} with no input; fails if it does not exit within 60 s. */
    public static Exit run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        // A few lines each way: read stdout fully, then stderr; neither fills a pipe first.
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not exit: " + cmd);
        }
        return new Exit(p.exitValue(), out, err.lines().filter(l -> !l.isBlank()).toList());
    }
}
