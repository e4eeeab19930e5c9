package io.tessera.quality.cli;

import io.tessera.quality.aggregation.AggregationResult;
import io.tessera.quality.aggregation.Aggregator;
import io.tessera.quality.aggregation.Aggregators;
import io.tessera.quality.aggregation.Answers;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs every categorical algorithm on every dataset found under the given folders (default: the nearest
 * {@code shared/datasets} above the working directory) and prints a Markdown table of accuracy (fractional ties),
 * F1 on label 1 for binary 0/1 sets, and the median fit time of several runs, beside the published numbers of
 * {@code accuracy_tables.md} when it is there. Numeric rating sets (more than 10 distinct labels) get the MAE / RMSE
 * of the per-item mean and median instead.
 *
 * <pre>
 * Benchmark [FOLDER]... [--runs N] [--warmup N] [--algorithms mv,ds,...] [--duplicates keep|first|last]
 * Benchmark --synthetic LABELS [--overlap K] [--workers W] [--classes C] [--seed S] [--runs N] [--algorithms ...]
 * </pre>
 *
 * <p>{@code --synthetic} generates a seeded crowd ({@link SyntheticCrowd}) of that many labels instead of reading
 * datasets, and prints per algorithm the accuracy, the time of each fit and the heap: what is live after the fit and
 * the peak of the heap pools since the start (run it with the heap limit to check, e.g. {@code -Xmx2g}).
 */
public final class Benchmark {

    private static final int MAX_CATEGORICAL_LABELS = 10;

    /** One discovered dataset: an answers file and where its truth comes from. */
    record Dataset(String name, Path answers, Path truth) {
    }

    private Benchmark() {
    }

    public static void main(String[] args) throws IOException {
        List<Path> roots = new ArrayList<>();
        int runs = 5;
        int warmup = 1;
        List<String> algorithms = Aggregators.names();
        Answers.Duplicates duplicates = Answers.Duplicates.KEEP_ALL;
        long synthetic = 0;
        int overlap = 5;
        int workers = 2000;
        int classes = 3;
        long seed = 20261129;
        boolean algorithmsGiven = false;
        boolean runsGiven = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--synthetic" -> synthetic = Long.parseLong(args[++i].replace("_", ""));
                case "--overlap" -> overlap = Integer.parseInt(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--classes" -> classes = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--runs" -> {
                    runs = Integer.parseInt(args[++i]);
                    runsGiven = true;
                }
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--algorithms" -> {
                    algorithms = List.of(args[++i].split(","));
                    algorithmsGiven = true;
                }
                case "--duplicates" -> duplicates = switch (args[++i]) {
                    case "first" -> Answers.Duplicates.KEEP_FIRST;
                    case "last" -> Answers.Duplicates.KEEP_LAST;
                    default -> Answers.Duplicates.KEEP_ALL;
                };
                case "-h", "--help" -> {
                    System.out.println("usage: Benchmark [FOLDER]... [--runs N] [--warmup N] [--algorithms mv,ds,...]"
                            + " [--duplicates keep|first|last]\n"
                            + "       Benchmark --synthetic LABELS [--overlap 5] [--workers 2000] [--classes 3]"
                            + " [--seed S] [--runs N] [--algorithms mv,wawa,ds,onecoin]");
                    return;
                }
                default -> roots.add(Path.of(args[i]));
            }
        }
        if (synthetic > 0) {
            synthetic(synthetic, overlap, workers, classes, seed,
                    algorithmsGiven ? algorithms : SYNTHETIC_ALGORITHMS, runsGiven ? runs : 1, System.out);
            return;
        }
        if (roots.isEmpty()) {
            Path found = findShared();
            if (found == null) {
                System.err.println("error: no folder given and no shared/datasets above " + Path.of("")
                        .toAbsolutePath());
                System.exit(2);
            }
            roots.add(found);
        }
        run(roots, runs, warmup, algorithms, duplicates, System.out, System.err);
    }

    /** The categorical algorithms that scale linearly with the labels; GLAD and MACE are 10-100× slower per label. */
    static final List<String> SYNTHETIC_ALGORITHMS = List.of("mv", "wawa", "ds", "onecoin");

    /** Generates a crowd, then fits each algorithm {@code runs} times and prints time, accuracy and heap. */
    static void synthetic(long labels, int overlap, int workers, int classes, long seed, List<String> algorithms,
            int runs, PrintStream out) {
        long start = System.nanoTime();
        SyntheticCrowd crowd = SyntheticCrowd.generate(labels, overlap, workers, classes, seed);
        Answers a = crowd.answers;
        double generated = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "synthetic crowd: %,d labels, %,d items, %,d workers, %d classes, seed %d; generated and encoded"
                + " in %.1f s; max heap %s%n", a.size(), a.itemCount(), a.workerCount(), a.labelCount(), seed,
                generated, mib(Runtime.getRuntime().maxMemory()));
        out.println();
        out.println("| algorithm | fit times | iterations | accuracy | live heap after fit | peak heap |");
        out.println("|---|---|---|---|---|---|");
        for (String name : algorithms) {
            Aggregator algorithm = Aggregators.byName(name)
                    .orElseThrow(() -> new IllegalArgumentException("unknown algorithm " + name));
            List<String> times = new ArrayList<>();
            AggregationResult r = null;
            for (int i = 0; i < runs; i++) {
                r = null; // let the previous result go before the next fit
                long t0 = System.nanoTime();
                r = algorithm.fit(a);
                times.add(String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - t0) / 1e9));
            }
            int right = 0;
            for (int t = 0; t < a.itemCount(); t++) {
                if (r.labelIndex(t) == crowd.truth[t]) {
                    right++;
                }
            }
            System.gc();
            Runtime rt = Runtime.getRuntime();
            long live = rt.totalMemory() - rt.freeMemory();
            out.printf(Locale.ROOT, "| %s | %s | %d%s | %.4f | %s | %s |%n", algorithm.name(), String.join(", ", times),
                    r.iterations(), r.converged() ? "" : " (limit)", (double) right / a.itemCount(), mib(live),
                    mib(peakHeap()));
        }
    }

    /** Sum over the heap memory pools of their peak usage since the JVM started. */
    private static long peakHeap() {
        long peak = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
    }

    static Path findShared() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path c = dir.resolve("shared").resolve("datasets");
            if (Files.isDirectory(c)) {
                return c;
            }
            dir = dir.getParent();
        }
        return null;
    }

    static void run(List<Path> roots, int runs, int warmup, List<String> algorithms, Answers.Duplicates duplicates,
                    PrintStream out, PrintStream err) throws IOException {
        List<Dataset> datasets = new ArrayList<>();
        Published published = null;
        for (Path root : roots) {
            datasets.addAll(discover(root, err));
            Path tables = root.resolve("accuracy_tables.md");
            if (published == null && Files.isRegularFile(tables)) {
                published = Published.parse(tables);
            }
        }
        if (published == null) {
            published = new Published(Map.of());
            err.println("note: no accuracy_tables.md found; published columns stay empty");
        }
        List<String> categorical = new ArrayList<>();
        List<String> numeric = new ArrayList<>();
        categorical.add("| dataset | items / workers / labels | K | algorithm | accuracy | F1 (label 1) | median time |"
                + " iterations | published accuracy | published time |");
        categorical.add("|---|---|---|---|---|---|---|---|---|---|");
        numeric.add("| dataset | items / workers / labels | distinct values | mean MAE | mean RMSE | median MAE |"
                + " median RMSE | published (mean / median MAE) |");
        numeric.add("|---|---|---|---|---|---|---|---|");
        for (Dataset d : datasets) {
            LabelFileReader.LabelFile file = LabelFileReader.readAnswers(d.answers(), LabelFileReader.Columns.DETECT);
            err.println(file.describe());
            file.problems().forEach(p -> err.println("  problem: " + p));
            if (file.rows().isEmpty()) {
                err.println("  skipped: no readable answer rows");
                continue;
            }
            Answers answers = file.toAnswers(duplicates);
            Map<String, String> truth;
            List<String> problems = new ArrayList<>();
            if (d.truth() != null) {
                LabelFileReader.TruthFile tf = LabelFileReader.readTruth(d.truth());
                truth = tf.truth();
                problems.addAll(tf.problems());
            } else {
                truth = file.embeddedTruth(problems);
            }
            problems.forEach(p -> err.println("  truth: " + p));
            String shape = String.format(Locale.ROOT, "%,d / %,d / %,d", answers.itemCount(), answers.workerCount(),
                    answers.size());
            if (answers.duplicatesSeen() > 0) {
                shape += " (" + answers.duplicatesSeen() + " repeated rows, " + duplicates.name()
                        .toLowerCase(Locale.ROOT) + ")";
            }
            if (answers.labelCount() > MAX_CATEGORICAL_LABELS) {
                err.printf(Locale.ROOT, "  %d distinct labels: a numeric rating set, scored by mean/median%n",
                        answers.labelCount());
                numeric.add(numericRow(d, answers, truth, shape, published));
                continue;
            }
            String positive = Scoring.binaryPositive(answers);
            for (String name : algorithms) {
                Aggregator agg = Aggregators.byName(name).orElseThrow(
                        () -> new IllegalArgumentException("unknown algorithm " + name));
                for (int i = 0; i < warmup; i++) {
                    agg.fit(answers);
                }
                double[] times = new double[Math.max(1, runs)];
                AggregationResult r = null;
                for (int i = 0; i < times.length; i++) {
                    long t0 = System.nanoTime();
                    r = agg.fit(answers);
                    times[i] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(times);
                double median = times.length % 2 == 1 ? times[times.length / 2]
                        : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
                Scoring.Score s = Scoring.score(r, truth, positive);
                err.printf(Locale.ROOT, "  %-8s acc %.4f  %.1f ms%n", name, s.accuracy(), median);
                categorical.add(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %d%s | %s | %s |",
                        d.name(), shape, answers.labelCount(), name,
                        Double.isNaN(s.accuracy()) ? "—" : String.format(Locale.ROOT, "%.4f", s.accuracy()),
                        Double.isNaN(s.f1()) ? "" : String.format(Locale.ROOT, "%.4f", s.f1()),
                        median >= 1000 ? String.format(Locale.ROOT, "%.2f s", median / 1000)
                                : String.format(Locale.ROOT, "%.1f ms", median),
                        r.iterations(), r.converged() || r.iterations() == 0 ? "" : " (limit)",
                        published.accuracy(d.name(), name), published.time(d.name(), name)));
            }
        }
        out.println("Accuracy over items with a truth and at least one answer; a tie among k labels containing the"
                + " truth counts 1/k. F1 on label 1 for binary 0/1 sets. Time: median of " + runs + " fits after "
                + warmup + " warm-up fit(s), one thread, reading excluded. Published: Zheng et al. 2017 Table 6"
                + " (Z, averages of 30 runs, their Python code and machine) and Crowd-Kit (CK).");
        out.println();
        categorical.forEach(out::println);
        if (numeric.size() > 2) {
            out.println();
            numeric.forEach(out::println);
        }
    }

    static List<Dataset> discover(Path root, PrintStream err) throws IOException {
        List<Dataset> found = new ArrayList<>();
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(root, 3)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path dir : dirs) {
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            String prefix = root.relativize(dir).toString();
            String base = prefix.isEmpty() ? root.getFileName().toString() : prefix;
            for (Path f : files) {
                String n = f.getFileName().toString();
                String lower = n.toLowerCase(Locale.ROOT);
                Dataset d = null;
                if (n.equals("answer.csv")) {
                    d = new Dataset(base, f, existing(dir.resolve("truth.csv")));
                } else if (n.endsWith("_answers.csv")) {
                    String stem = n.substring(0, n.length() - "_answers.csv".length());
                    d = new Dataset(base + "/" + stem, f, existing(dir.resolve(stem + "_ground_truth.csv")));
                } else if (n.endsWith(".label.tsv")) {
                    String stem = n.substring(0, n.length() - ".label.tsv".length());
                    d = new Dataset(base + "/" + stem, f, existing(dir.resolve(stem + ".truth.tsv")));
                } else if (n.endsWith(".standardized.tsv")) {
                    d = new Dataset(base + "/" + n.substring(0, n.length() - ".standardized.tsv".length()), f, null);
                } else if ((lower.endsWith(".csv") || lower.endsWith(".tsv")) && !isTruthFile(n)) {
                    String stem = n.substring(0, n.length() - 4);
                    Path t = existing(dir.resolve(stem + "_truth" + n.substring(n.length() - 4)));
                    if (t != null) {
                        d = new Dataset(base + "/" + stem, f, t);
                    }
                }
                if (d != null) {
                    found.add(d);
                } else if (!isTruthFile(n) && !lower.endsWith(".md") && !lower.startsWith("readme")
                        && !lower.startsWith("original_readme")) {
                    err.println("not a dataset answers file (no matching truth, unknown name): " + f);
                }
            }
        }
        return found;
    }

    private static boolean isTruthFile(String n) {
        return n.equals("truth.csv") || n.endsWith("_truth.csv") || n.endsWith("_ground_truth.csv")
                || n.endsWith(".truth.tsv") || n.endsWith("_truth.tsv");
    }

    private static Path existing(Path p) {
        return Files.isRegularFile(p) ? p : null;
    }

    private static String numericRow(Dataset d, Answers a, Map<String, String> truth, String shape,
                                     Published published) {
        double[] values = new double[a.labelCount()];
        for (int k = 0; k < values.length; k++) {
            values[k] = Double.parseDouble(a.label(k));
        }
        double meanAbs = 0;
        double meanSq = 0;
        double medAbs = 0;
        double medSq = 0;
        int n = 0;
        for (Map.Entry<String, String> e : truth.entrySet()) {
            int t = a.itemId(e.getKey());
            if (t < 0) {
                continue;
            }
            double g = Double.parseDouble(e.getValue());
            double[] v = new double[a.itemSize(t)];
            for (int r = a.itemStart(t), j = 0; r < a.itemStart(t + 1); r++, j++) {
                v[j] = values[a.labelOf()[r]];
            }
            Arrays.sort(v);
            double mean = Arrays.stream(v).average().orElse(Double.NaN);
            double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            meanAbs += Math.abs(mean - g);
            meanSq += (mean - g) * (mean - g);
            medAbs += Math.abs(median - g);
            medSq += (median - g) * (median - g);
            n++;
        }
        return String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %.3f | %.3f | %s |", d.name(), shape,
                a.labelCount(), meanAbs / n, Math.sqrt(meanSq / n), medAbs / n, Math.sqrt(medSq / n),
                published.numeric(d.name()));
    }

    /** Published numbers from accuracy_tables.md: (source, method, dataset, metric) → text. */
    record Published(Map<String, String> cells) {

        private static final Map<String, String> DATASET_KEYS = Map.of(
                "zheng_d_product", "D_Product", "zheng_d_possent", "D_PosSent", "zheng_s4_relevance", "S_Rel");
        private static final Map<String, String[]> METHOD_KEYS = Map.of(
                "mv", new String[] {"MV", "MV"}, "ds", new String[] {"D&S", "DS"}, "glad", new String[] {"GLAD", "GLAD"},
                "wawa", new String[] {null, "Wawa"}, "mace", new String[] {null, "MACE"},
                "onecoin", new String[] {"ZC", null});

        static Published parse(Path md) throws IOException {
            Map<String, String> cells = new HashMap<>();
            String source = null;
            String[] columns = null;
            for (String raw : Files.readAllLines(md)) {
                String line = raw.trim();
                if (line.startsWith("## ")) {
                    source = line.contains("Crowd-Kit") ? "CK" : line.contains("Zheng") ? "Z" : null;
                    columns = null;
                    continue;
                }
                if (!line.startsWith("|") || source == null) {
                    if (source != null && line.startsWith("N_Emotion")) {
                        cells.put("Z|N_Emotion", line);
                    }
                    continue;
                }
                String[] c = line.substring(1, line.length() - 1).split("\\|", -1);
                for (int i = 0; i < c.length; i++) {
                    c[i] = c[i].trim();
                }
                if (columns == null) {
                    columns = new String[c.length];
                    String dataset = null;
                    for (int i = 1; i < c.length; i++) {
                        String[] words = c[i].split(" ");
                        if (words[0].startsWith("D_") || words[0].startsWith("S_")) {
                            dataset = words[0];
                            columns[i] = dataset + "|" + (words.length > 1 ? words[1] : "Acc");
                        } else if (dataset != null) {
                            columns[i] = dataset + "|" + c[i];
                        }
                    }
                    continue;
                }
                if (c[0].startsWith("---")) {
                    continue;
                }
                for (int i = 1; i < c.length && i < columns.length; i++) {
                    if (columns[i] != null) {
                        cells.put(source + "|" + c[0] + "|" + columns[i], c[i]);
                    }
                }
            }
            return new Published(cells);
        }

        String accuracy(String dataset, String algorithm) {
            return lookup(dataset, algorithm, "Acc");
        }

        String time(String dataset, String algorithm) {
            return lookup(dataset, algorithm, "Time");
        }

        private String lookup(String dataset, String algorithm, String metric) {
            String key = DATASET_KEYS.get(dataset);
            String[] methods = METHOD_KEYS.get(algorithm);
            if (key == null || methods == null) {
                return "";
            }
            List<String> parts = new ArrayList<>();
            if (methods[0] != null && cells.containsKey("Z|" + methods[0] + "|" + key + "|" + metric)) {
                parts.add("Z " + (methods[0].equals("ZC") ? "(ZC) " : "")
                        + cells.get("Z|" + methods[0] + "|" + key + "|" + metric));
            }
            if (methods[1] != null && cells.containsKey("CK|" + methods[1] + "|" + key + "|" + metric)) {
                parts.add("CK " + cells.get("CK|" + methods[1] + "|" + key + "|" + metric));
            }
            return String.join(", ", parts);
        }

        String numeric(String dataset) {
            return dataset.equals("zheng_f201_emotion") ? "Z: mean 12.02, median 13.53" : "";
        }
    }
}
