package io.pal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one run's raw results into the markdown table bench/run.sh prints and saves.
 *
 * <pre>  Report &lt;jmh-results.csv&gt; &lt;results.tsv&gt;</pre>
 *
 * The CSV is JMH's ({@code -rf csv}); the TSV holds the {@code RESULT} lines of the harnesses and
 * of bench/go. Ratios are score ÷ the reference's score in the same benchmark and on the same
 * scheduler shape (1 carrier against 1 carrier / GOMAXPROCS=1, 2 against 2); platform threads,
 * which have no carrier setting, are compared with the 2-carrier rows. For times lower is better;
 * for the fan-out speed-up higher is better.
 */
public final class Report {

    record Row(String group, String backend, String variant, double score, double error, String unit, String note) {
    }

    private static final Map<String, String> TITLES = new LinkedHashMap<>();

    static {
        TITLES.put("pingpong", "ping-pong round trip (Pal.park/unpark; Go: unbuffered chan)");
        TITLES.put("spawn-join-10k", "spawn + join, batches of 10,000, per strand");
        TITLES.put("spawn-join-harness", "spawn + join, one batch of n (see notes), per strand");
        TITLES.put("heap-per-parked", "heap per parked strand, three frames deep");
        TITLES.put("fanout", "CPU-bound fan-out, 2^26 hashes in 1,024 strands, per job");
        TITLES.put("fanout-speedup", "fan-out speed-up, 1 carrier -> 2 carriers (time(1) / time(2))");
        TITLES.put("generator-in-strand", "generator, values taken by a strand, per value");
        TITLES.put("generator", "generator, values taken by a plain (non-strand) thread, per value");
        TITLES.put("channel-pingpong", "unbuffered channel ping-pong round trip (io.pal.channel)");
        TITLES.put("synchronousqueue-pingpong", "SynchronousQueue ping-pong round trip (JDK anchor, thread backends)");
        TITLES.put("select", "select over two full buffered channels, per select");
        TITLES.put("group-turn", "strand group: one turn between two members");
        TITLES.put("juc-takers", "10,000 strands in BlockingQueue.take(), one feeder: feed to all joined");
        TITLES.put("handoff-latency", "sleepers' p99 lateness while a strand on their one carrier blocks 1 s in a FIFO read");
    }

    /** JMH benchmark classes whose rows are keyed by shape, and the report group each goes to. */
    private static final Map<String, String> JMH_GROUPS = Map.of(
            "GeneratorInStrand", "generator-in-strand", "GeneratorValues", "generator",
            "SelectThroughput", "select", "GroupTurns", "group-turn");

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        List<Row> rows = new ArrayList<>();
        if (args.length > 0 && Files.exists(Path.of(args[0]))) {
            rows.addAll(readJmh(Path.of(args[0])));
        }
        if (args.length > 1 && Files.exists(Path.of(args[1]))) {
            rows.addAll(readResults(Path.of(args[1])));
        }
        rows.addAll(speedups(rows));
        System.out.print(render(rows));
    }

    static String render(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| benchmark | backend | carriers | score | ± (99.9%) | unit | × virtual | × Go | notes |\n");
        sb.append("|---|---|---|---:|---:|---|---:|---:|---|\n");
        for (String group : TITLES.keySet()) {
            for (Row r : rows) {
                if (!r.group().equals(group)) {
                    continue;
                }
                Row virtual = find(rows, group, "virtual", r.variant());
                Row go = find(rows, group, "go", r.variant());
                sb.append("| ").append(TITLES.get(group))
                        .append(" | ").append(r.backend())
                        .append(" | ").append(variantLabel(r))
                        .append(" | ").append(num(r.score()))
                        .append(" | ").append(Double.isNaN(r.error()) ? "" : num(r.error()))
                        .append(" | ").append(r.unit())
                        .append(" | ").append(ratio(r, virtual))
                        .append(" | ").append(ratio(r, go))
                        .append(" | ").append(r.note() == null ? "" : r.note().replace("|", "/"))
                        .append(" |\n");
            }
        }
        return sb.toString();
    }

    private static String variantLabel(Row r) {
        return switch (r.variant()) {
            case "os" -> "n/a (OS threads, 2 cpus)";
            case "default" -> r.backend().equals("threads") ? "n/a (OS threads)" : "default";
            case "1" -> r.backend().equals("go") ? "GOMAXPROCS=1" : "1";
            case "2" -> r.backend().equals("go") ? "GOMAXPROCS=2" : "2";
            default -> r.variant();
        };
    }

    private static Row find(List<Row> rows, String group, String backend, String variant) {
        String v = variant.equals("os") ? "2" : variant;
        for (Row r : rows) {
            if (r.group().equals(group) && r.backend().equals(backend) && r.variant().equals(v)) {
                return r;
            }
        }
        return null;
    }

    private static String ratio(Row r, Row ref) {
        if (ref == null || ref == r || Double.isNaN(ref.score()) || ref.score() == 0) {
            return ref == r ? "1.00" : "";
        }
        return String.format(Locale.ROOT, "%.2f", r.score() / ref.score());
    }

    private static String num(double d) {
        if (Double.isNaN(d)) {
            return "";
        }
        return Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.2f", d);
    }

    /** Fan-out speed-up rows for every backend that ran on both 1 and 2 carriers. */
    static List<Row> speedups(List<Row> rows) {
        List<Row> out = new ArrayList<>();
        for (Row one : rows) {
            if (one.group().equals("fanout") && one.variant().equals("1")) {
                Row two = find(rows, "fanout", one.backend(), "2");
                if (two != null) {
                    out.add(new Row("fanout-speedup", one.backend(), "1->2", one.score() / two.score(), Double.NaN, "×",
                            String.format(Locale.ROOT, "%.1f / %.1f ms", one.score(), two.score())));
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- input

    static List<Row> readJmh(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<Row> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            return rows;
        }
        List<String> header = splitCsv(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = splitCsv(line);
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.size() && i < cells.size(); i++) {
                m.put(header.get(i), cells.get(i));
            }
            String bench = m.get("Benchmark");
            String cls = bench.substring(0, bench.lastIndexOf('.'));
            cls = cls.substring(cls.lastIndexOf('.') + 1);
            double score = parse(m.get("Score"));
            double error = parse(m.get("Score Error (99.9%)"));
            String unit = m.get("Unit");
            String samples = m.get("Samples");
            String note = "JMH " + m.get("Mode") + ", " + samples + " samples";
            switch (cls) {
                case "PingPong" -> {
                    String[] s = shape(m.get("Param: shape"));
                    rows.add(new Row("pingpong", s[0], s[1], score, error, unit, note));
                }
                case "FanOut" -> {
                    String[] s = shape(m.get("Param: shape"));
                    rows.add(new Row("fanout", s[0], s[1], score, error, unit, note));
                }
                case "SpawnJoin" -> rows.add(new Row("spawn-join-10k", m.get("Param: backend"),
                        "default", score, error, unit, note));
                case "GeneratorInStrand", "GeneratorValues", "SelectThroughput", "GroupTurns" -> {
                    String[] sh = shape(m.get("Param: shape"));
                    rows.add(new Row(JMH_GROUPS.get(cls), sh[0], sh[1], score, error, unit, note));
                }
                case "ChannelPingPong" -> {
                    String[] sh = shape(m.get("Param: shape"));
                    rows.add(new Row(m.get("Param: impl") + "-pingpong", sh[0], sh[1], score, error, unit, note));
                }
                default -> rows.add(new Row(bench, "?", "?", score, error, unit, note));
            }
        }
        return rows;
    }

    /** "virtual:2" -> {"virtual", "2"}; "threads" -> {"threads", "os"}. */
    private static String[] shape(String shape) {
        String[] parts = shape.split(":", 2);
        return new String[] {parts[0], parts.length == 2 ? parts[1] : "os"};
    }

    static List<Row> readResults(Path tsv) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (!line.startsWith("RESULT\t")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            rows.add(new Row(f[1], f[2], f[3], parse(f[4]), parse(f[5]), f[6], f.length > 7 ? f[7] : ""));
        }
        return rows;
    }

    private static double parse(String s) {
        if (s == null || s.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s.replace(',', '.'));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
