package io.pal.sim;

import io.pal.PalConfigurationException;
import io.pal.spi.PalConfig;
import io.pal.spi.SimConfig;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bin/pal sim --seeds A..B [--jobs N] --class-path CP MAIN [ARGS...]}: runs MAIN once per
 * seed, many seeds in this JVM, each in a class loader of its own over CP so that the program's
 * statics start over, on {@code --jobs} threads (default: the available processors). The other
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
        Failure f = explore(a, config);
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
    public static java.util.Optional<Outcome> firstFailure(long first, long last, int jobs, String classPath,
                                                           String main, String... args) throws InterruptedException {
        Arguments a = new Arguments(first, last, jobs, urls(classPath), classPath, main, args);
        Failure f = explore(a, SimConfig.fromSystemProperties());
        return f == null ? java.util.Optional.empty() : java.util.Optional.of(f.outcome);
    }

    /** For tests and tools: one run of {@code main} under {@code seed}, in a class loader of its own. */
    public static Outcome replay(long seed, String classPath, String main, String... args) {
        Arguments a = new Arguments(seed, seed, 1, urls(classPath), classPath, main, args);
        Failure f = runSeed(a, SimConfig.fromSystemProperties().withSeed(seed));
        return f == null ? null : f.outcome;
    }

    /** Runs every seed (on {@code jobs} threads), stopping above the lowest failing one; returns it, or null. */
    static Failure explore(Arguments a, SimConfig config) throws InterruptedException {
        AtomicLong next = new AtomicLong(a.first);
        Failure[] lowest = new Failure[1];
        List<Thread> workers = new ArrayList<>();
        for (int j = 0; j < a.jobs; j++) {
            Thread w = new Thread(() -> {
                while (true) {
                    long seed = next.getAndIncrement();
                    synchronized (lowest) {
                        if (seed > a.last || lowest[0] != null && lowest[0].outcome.seed() < seed) {
                            return;
                        }
                    }
                    Failure f = runSeed(a, config.withSeed(seed));
                    if (f != null) {
                        synchronized (lowest) {
                            if (lowest[0] == null || f.outcome.seed() < lowest[0].outcome.seed()) {
                                lowest[0] = f;
                            }
                        }
                    }
                }
            }, "pal-sim-explorer-" + j);
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        return lowest[0];
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
