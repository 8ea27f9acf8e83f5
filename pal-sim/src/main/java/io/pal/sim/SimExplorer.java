package io.pal.sim;

import io.pal.PalConfigurationException;
import io.pal.spi.PalConfig;
import io.pal.spi.SimConfig;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/pal sim --seeds A..B [--jobs N] --class-path CP MAIN [ARGS...]}: runs MAIN once per
 * seed, many seeds in one JVM, each in a class loader of its own over CP so that the program's
 * statics start over, one after another; with {@code --jobs} above 1 (default: the available
 * processors), in that many JVMs side by side, each taking every N-th seed. The other
 * settings ({@code pal.sim.strategy}, {@code pal.sim.pctDepth}, {@code pal.sim.maxSteps}) are the
 * system properties bin/pal sets.
 *
 * <p>A run fails when main throws or calls {@code System.exit} with a status other than 0, when a
 * thread ends with an uncaught exception, when it deadlocks, or past the step budget. The lowest
 * failing seed is reported ({@code pal sim: seed N failed: REASON}, the run's last output lines and
 * the command that replays it) and the exit status is 1; with none, {@code pal sim: K seeds passed}
 * and 0. A bad argument: one line and status 2.
 */
public final class SimExplorer {

    /** The arguments, parsed. */
    record Arguments(long first, long last, int jobs, List<URL> classPath, String classPathText, String main, String[] args) {
    }

    private SimExplorer() {
    }

    public static void main(String[] argv) throws Exception {
        PalConfig.validateOrExit();
        int worker = -1;
        if (argv.length >= 2 && argv[0].equals("--worker")) {
            worker = Integer.parseInt(argv[1].substring(0, argv[1].indexOf('/')));
            argv = Arrays.copyOfRange(argv, 2, argv.length);
        }
        Arguments a;
        try {
            a = parse(argv);
        } catch (PalConfigurationException e) {
            System.err.println("pal sim: " + e.getMessage());
            System.exit(2);
            return;
        }
        SimConfig config = SimConfig.fromSystemProperties();
        PrintStream out = System.out;
        System.setOut(new PrintStream(new RunOutput(System.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new RunOutput(System.err), true, StandardCharsets.UTF_8));
        if (worker >= 0) {
            Failure mine = explore(a, config, worker, a.jobs);
            out.println(mine == null ? "none" : Long.toString(mine.outcome.seed()));
            out.flush();
            System.exit(0);
        }
        Failure f = a.jobs == 1 ? explore(a, config, 0, 1) : exploreInWorkers(a, config, argv);
        if (f == null) {
            out.println("pal sim: " + (a.last - a.first + 1) + " seeds passed");
            out.flush();
            System.exit(0);
        }
        out.print(lastLines(f.output, 20));
        out.println("pal sim: seed " + f.outcome.seed() + " failed: " + f.outcome.reason());
        out.println("pal sim: replay it with: bin/pal run --backend sim --seed " + f.outcome.seed()
                + " --strategy " + config.strategy().id() + (config.strategy() == SimConfig.Strategy.PCT ? " --pct-depth " + config.pctDepth() : "")
                + " --max-steps " + config.maxSteps() + " -cp " + a.classPathText + " " + a.main
                + (a.args.length == 0 ? "" : " " + String.join(" ", a.args)));
        out.flush();
        System.exit(1);
    }

    /** A failing run and what it printed. */
    record Failure(Outcome outcome, String output) {
    }

    /**
     * For tests and tools: explores seeds {@code first..last} of {@code main} on {@code classPath}
     * with the settings of the system properties, and returns the lowest failing seed's outcome.
     */
    public static java.util.Optional<Outcome> firstFailure(long first, long last, String classPath,
                                                           String main, String... args) {
        Arguments a = new Arguments(first, last, 1, urls(classPath), classPath, main, args);
        Failure f = explore(a, SimConfig.fromSystemProperties(), 0, 1);
        return f == null ? java.util.Optional.empty() : java.util.Optional.of(f.outcome);
    }

    /** For tests and tools: one run of {@code main} under {@code seed}, in a class loader of its own. */
    public static Outcome replay(long seed, String classPath, String main, String... args) {
        Arguments a = new Arguments(seed, seed, 1, urls(classPath), classPath, main, args);
        Failure f = runSeed(a, SimConfig.fromSystemProperties().withSeed(seed));
        return f == null ? null : f.outcome;
    }

    /**
     * Runs seeds {@code first + offset}, then every {@code stride}-th after it up to {@code last},
     * one after another in this JVM, and returns the first that fails, or null. One at a time: runs
     * side by side in one JVM would share the JDK's locks (a PrintStream's, a ConcurrentHashMap
     * bin's), and a strand of one run waiting on another run's would make both depend on timing.
     */
    static Failure explore(Arguments a, SimConfig config, int offset, int stride) {
        for (long seed = a.first + offset; seed <= a.last; seed += stride) {
            Failure f = runSeed(a, config.withSeed(seed));
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /**
     * {@code --jobs J} above 1: J child JVMs of this one's command line each explore every J-th
     * seed ({@code --worker j}) and print the first that failed; the lowest of those is the lowest
     * failing seed, which this JVM then runs once more to report it.
     */
    static Failure exploreInWorkers(Arguments a, SimConfig config, String[] argv) throws IOException, InterruptedException {
        List<Process> workers = new ArrayList<>();
        for (int j = 0; j < a.jobs; j++) {
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(SimExplorer.class.getName());
            cmd.add("--worker");
            cmd.add(j + "/" + a.jobs);
            cmd.addAll(Arrays.asList(argv));
            workers.add(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start());
        }
        long lowest = Long.MAX_VALUE;
        for (Process w : workers) {
            String out = new String(w.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int status = w.waitFor();
            if (status != 0) {
                throw new IllegalStateException("an explorer worker ended with status " + status + ": " + out);
            }
            if (!out.equals("none")) {
                lowest = Math.min(lowest, Long.parseLong(out));
            }
        }
        return lowest == Long.MAX_VALUE ? null : runSeed(a, config.withSeed(lowest));
    }

    /** One seed in a fresh class loader; its failure, or null if it passed. */
    static Failure runSeed(Arguments a, SimConfig config) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (URLClassLoader loader = new RunClassLoader(a.classPath.toArray(URL[]::new), SimExplorer.class.getClassLoader())) {
            Method main = mainOf(loader, a.main);
            Outcome o = SimRunner.run(config, () -> {
                Thread.currentThread().setContextClassLoader(loader);
                main.invoke(null, (Object) a.args.clone());
            }, System.err, output);
            return o.kind() == Outcome.Kind.PASSED ? null : new Failure(o, output.toString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot close a run's class loader", e);
        }
    }

    private static Method mainOf(ClassLoader loader, String className) {
        try {
            Class<?> c = Class.forName(className, false, loader);
            Method m = c.getDeclaredMethod("main", String[].class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException e) {
            throw new PalConfigurationException("main class " + className + " with a static main(String[]) is not on the class path given: " + e);
        }
    }

    /** Parses {@code --seeds A..B [--jobs N] --class-path CP MAIN [ARGS...]}. */
    static Arguments parse(String[] argv) {
        long first = -1;
        long last = -1;
        int jobs = Runtime.getRuntime().availableProcessors();
        String cp = null;
        int i = 0;
        while (i < argv.length && argv[i].startsWith("--")) {
            String opt = argv[i];
            if (i + 1 >= argv.length) {
                throw new PalConfigurationException(opt + " needs a value");
            }
            String v = argv[i + 1];
            switch (opt) {
                case "--seeds" -> {
                    String[] range = v.split("\\.\\.", -1);
                    try {
                        first = Long.parseLong(range[0]);
                        last = range.length == 2 ? Long.parseLong(range[1]) : first;
                    } catch (NumberFormatException e) {
                        first = -1;
                    }
                    if (range.length > 2 || first < 0 || last < first) {
                        throw new PalConfigurationException("--seeds " + v + " is not valid: expected A..B with 0 <= A <= B, or one seed");
                    }
                }
                case "--jobs" -> {
                    try {
                        jobs = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        jobs = 0;
                    }
                    if (jobs < 1 || jobs > 256) {
                        throw new PalConfigurationException("--jobs " + v + " is not valid: expected an integer from 1 to 256");
                    }
                }
                case "--class-path" -> cp = v;
                default -> throw new PalConfigurationException("unknown option " + opt + "; valid: --seeds, --jobs, --class-path");
            }
            i += 2;
        }
        if (first < 0) {
            throw new PalConfigurationException("--seeds A..B is required");
        }
        if (cp == null || i >= argv.length) {
            throw new PalConfigurationException("usage: --seeds A..B [--jobs N] --class-path CP MAIN [ARGS...]");
        }
        return new Arguments(first, last, (int) Math.min(jobs, last - first + 1), urls(cp), cp, argv[i],
                Arrays.copyOfRange(argv, i + 1, argv.length));
    }

    private static List<URL> urls(String cp) {
        List<URL> urls = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                try {
                    urls.add(new File(entry).toURI().toURL());
                } catch (MalformedURLException e) {
                    throw new PalConfigurationException("class path entry " + entry + " is not valid: " + e.getMessage());
                }
            }
        }
        return urls;
    }

    /** The last {@code n} lines of {@code text}, each ending in a newline. */
    static String lastLines(String text, int n) {
        String[] lines = text.split("\n", -1);
        int end = lines.length > 0 && lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
        StringBuilder b = new StringBuilder();
        for (int i = Math.max(0, end - n); i < end; i++) {
            b.append(lines[i]).append('\n');
        }
        return b.toString();
    }
}
