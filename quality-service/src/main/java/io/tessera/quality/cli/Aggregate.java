package io.tessera.quality.cli;

import io.tessera.quality.aggregation.AggregationResult;
import io.tessera.quality.aggregation.Aggregator;
import io.tessera.quality.aggregation.Aggregators;
import io.tessera.quality.aggregation.Answers;
import io.tessera.quality.aggregation.GoldLabels;
import io.tessera.quality.agreement.CohenKappa;
import io.tessera.quality.agreement.Coefficient;
import io.tessera.quality.agreement.FleissKappa;
import io.tessera.quality.agreement.KrippendorffAlpha;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Command line: aggregate a file of (item, worker, label) rows and/or compute agreement metrics.
 *
 * <pre>
 * Aggregate ANSWERS [--truth FILE] [--algorithm mv|wawa|zbs|ds|onecoin|glad|mace|all]...
 *           [--metric fleiss|alpha|alpha-ordinal|alpha-interval|alpha-ratio|cohen:W1,W2[,linear|quadratic]|all]...
 *           [--clamp-gold] [--duplicates keep|first|last] [--columns item,worker,label[,truth]]
 *           [--labels FILE|-] [--workers FILE|-] [--max-iterations N] [--tolerance X]
 * </pre>
 *
 * Reading notes, problems, metrics and a per-algorithm summary go to standard error; merged labels (TSV: item, label,
 * confidence, one posterior column per label) go to {@code --labels} (standard output when neither output is given
 * and one algorithm runs); worker skills (TSV: worker, answers, skill) to {@code --workers}. Exit code 2 for usage
 * errors, 1 when the input cannot be read at all.
 */
public final class Aggregate {

    private Aggregate() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(usage());
            code = 2;
        }
        System.exit(code);
    }

    static String usage() {
        return """
                usage: Aggregate ANSWERS [options]
                  ANSWERS                 CSV or TSV of (item, worker, label) rows; header optional
                  --truth FILE            known answers (item, label) to score against
                  --clamp-gold            also give the truth to the algorithms as gold (scores then cover gold items too)
                  --algorithm NAME        mv, wawa, zbs, ds, onecoin, glad, mace or all (repeatable; default ds)
                  --metric NAME           fleiss, alpha, alpha-ordinal, alpha-interval, alpha-ratio,
                                          cohen:W1,W2[,linear|quadratic], or all (repeatable)
                  --duplicates POLICY     keep (default, as Crowd-Kit), first or last for repeated (item, worker) rows
                  --columns SPEC          item,worker,label[,truth] as header names or 1-based numbers
                  --labels FILE|-         write merged labels (TSV); '-' for standard output
                  --workers FILE|-        write worker skills (TSV)
                  --max-iterations N      EM iteration limit for ds, onecoin, glad (default: Crowd-Kit's)
                  --tolerance X           EM tolerance for ds, onecoin, glad""";
    }

    static final class UsageException extends RuntimeException {
        UsageException(String m) {
            super(m);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path answersPath = null;
        Path truthPath = null;
        List<String> algorithms = new ArrayList<>();
        List<String> metrics = new ArrayList<>();
        boolean clampGold = false;
        Answers.Duplicates duplicates = Answers.Duplicates.KEEP_ALL;
        LabelFileReader.Columns columns = LabelFileReader.Columns.DETECT;
        String labelsOut = null;
        String workersOut = null;
        Integer maxIterations = null;
        Double tolerance = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    out.println(usage());
                    return 0;
                }
                case "--truth" -> truthPath = Path.of(value(args, ++i, a));
                case "--algorithm" -> algorithms.add(value(args, ++i, a).toLowerCase(Locale.ROOT));
                case "--metric" -> metrics.add(value(args, ++i, a).toLowerCase(Locale.ROOT));
                case "--clamp-gold" -> clampGold = true;
                case "--duplicates" -> duplicates = switch (value(args, ++i, a)) {
                    case "keep" -> Answers.Duplicates.KEEP_ALL;
                    case "first" -> Answers.Duplicates.KEEP_FIRST;
                    case "last" -> Answers.Duplicates.KEEP_LAST;
                    default -> throw new UsageException("--duplicates takes keep, first or last");
                };
                case "--columns" -> columns = LabelFileReader.Columns.parse(value(args, ++i, a));
                case "--labels" -> labelsOut = value(args, ++i, a);
                case "--workers" -> workersOut = value(args, ++i, a);
                case "--max-iterations" -> maxIterations = Integer.parseInt(value(args, ++i, a));
                case "--tolerance" -> tolerance = Double.parseDouble(value(args, ++i, a));
                default -> {
                    if (a.startsWith("--") || answersPath != null) {
                        throw new UsageException("unexpected argument '" + a + "'");
                    }
                    answersPath = Path.of(a);
                }
            }
        }
        if (answersPath == null) {
            throw new UsageException("no answers file given");
        }
        if (algorithms.isEmpty() && metrics.isEmpty()) {
            algorithms.add("ds");
        }
        if (algorithms.contains("all")) {
            algorithms = new ArrayList<>(Aggregators.names());
        }
        List<Aggregator> aggregators = new ArrayList<>();
        for (String name : algorithms) {
            aggregators.add(configure(Aggregators.byName(name).orElseThrow(
                    () -> new UsageException("unknown algorithm '" + name + "'; known: " + Aggregators.names())),
                    maxIterations, tolerance));
        }
        LabelFileReader.LabelFile file;
        try {
            if (!Files.isRegularFile(answersPath)) {
                err.println("error: cannot read " + answersPath + ": no such file");
                return 1;
            }
            file = LabelFileReader.readAnswers(answersPath, columns);
        } catch (IOException | IllegalArgumentException e) {
            err.println("error: cannot read " + answersPath + ": " + e.getMessage());
            return 1;
        }
        err.println(file.describe());
        file.problems().forEach(p -> err.println("  problem: " + p));
        if (file.rows().isEmpty()) {
            err.println("error: no answer rows could be read from " + answersPath);
            return 1;
        }
        int dupPairs = file.duplicatePairs();
        Answers answers = file.toAnswers(duplicates);
        err.printf(Locale.ROOT, "  %d items, %d workers, %d labels %s%s%n", answers.itemCount(),
                answers.workerCount(), answers.labelCount(), abbreviate(answers.labels()),
                dupPairs == 0 ? "" : "; " + answers.duplicatesSeen() + " repeated (item, worker) rows on " + dupPairs
                        + " pairs, policy " + duplicates.name().toLowerCase(Locale.ROOT) + " dropped "
                        + answers.duplicatesDropped());

        Map<String, String> truth = Map.of();
        if (truthPath != null) {
            try {
                LabelFileReader.TruthFile tf = LabelFileReader.readTruth(truthPath);
                truth = tf.truth();
                err.printf(Locale.ROOT, "%s: %d truth labels from %d lines%n", truthPath, truth.size(), tf.lines());
                tf.problems().forEach(p -> err.println("  problem: " + p));
            } catch (IOException e) {
                err.println("error: cannot read truth " + truthPath + ": " + e.getMessage());
                return 1;
            }
        } else {
            List<String> problems = new ArrayList<>();
            truth = file.embeddedTruth(problems);
            if (!truth.isEmpty()) {
                err.printf(Locale.ROOT, "  %d truth labels from the answer file's truth column%n", truth.size());
            }
            problems.forEach(p -> err.println("  problem: " + p));
        }
        long unmatched = truth.keySet().stream().filter(t -> answers.itemId(t) < 0).count();
        if (unmatched > 0) {
            err.printf(Locale.ROOT, "  note: %d truth items have no answers and are not scored%n", unmatched);
        }

        for (String m : metrics) {
            runMetric(m, answers, err);
        }

        GoldLabels gold = GoldLabels.none();
        if (clampGold && !truth.isEmpty()) {
            try {
                gold = GoldLabels.of(answers, truth);
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return 1;
            }
        }
        String positive = Scoring.binaryPositive(answers);
        boolean labelsToStdout = labelsOut == null && workersOut == null && aggregators.size() == 1;
        for (Aggregator agg : aggregators) {
            long t0 = System.nanoTime();
            AggregationResult r = agg.fit(answers, gold);
            double ms = (System.nanoTime() - t0) / 1e6;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s %8.1f ms, %d iterations%s",
                    agg.name(), ms, r.iterations(), r.converged() ? "" : " (limit)"));
            if (!truth.isEmpty()) {
                Scoring.Score s = Scoring.score(r, truth, positive);
                line.append(String.format(Locale.ROOT, ", accuracy %.4f on %d items (%d ties counted 1/k; strict %.4f)",
                        s.accuracy(), s.items(), s.ties(), s.strictAccuracy()));
                if (!Double.isNaN(s.f1())) {
                    line.append(String.format(Locale.ROOT, ", F1(label 1) %.4f", s.f1()));
                }
            }
            err.println(line);
            String suffix = aggregators.size() > 1 ? "." + agg.name() : "";
            if (labelsToStdout || "-".equals(labelsOut)) {
                writeLabels(r, out);
            } else if (labelsOut != null) {
                writeTo(Path.of(labelsOut + suffix), ps -> writeLabels(r, ps), err);
            }
            if ("-".equals(workersOut)) {
                writeWorkers(r, out);
            } else if (workersOut != null) {
                writeTo(Path.of(workersOut + suffix), ps -> writeWorkers(r, ps), err);
            }
        }
        return 0;
    }

    private static Aggregator configure(Aggregator a, Integer maxIterations, Double tolerance) {
        if (maxIterations == null && tolerance == null) {
            return a;
        }
        if (a instanceof io.tessera.quality.aggregation.DawidSkene d) {
            return new io.tessera.quality.aggregation.DawidSkene(maxIterations != null ? maxIterations
                    : d.maxIterations(), tolerance != null ? tolerance : d.tolerance());
        }
        if (a instanceof io.tessera.quality.aggregation.OneCoinDawidSkene d) {
            return new io.tessera.quality.aggregation.OneCoinDawidSkene(maxIterations != null ? maxIterations
                    : d.maxIterations(), tolerance != null ? tolerance : d.tolerance());
        }
        if (a instanceof io.tessera.quality.aggregation.Glad g) {
            return new io.tessera.quality.aggregation.Glad(maxIterations != null ? maxIterations : g.maxIterations(),
                    tolerance != null ? tolerance : g.tolerance(), g.mStepMaxIterations(), g.mStepTolerance());
        }
        return a;
    }

    static void runMetric(String m, Answers answers, PrintStream err) {
        if (m.equals("all")) {
            runMetric("fleiss", answers, err);
            runMetric("alpha", answers, err);
            if (numeric(answers)) {
                runMetric("alpha-ordinal", answers, err);
                runMetric("alpha-interval", answers, err);
                runMetric("alpha-ratio", answers, err);
            }
            return;
        }
        try {
            switch (m) {
                case "fleiss" -> {
                    FleissKappa.Result f = FleissKappa.ofAnswers(answers);
                    err.printf(Locale.ROOT, "metric %s (P̄=%.6f, P̄e=%.6f, %d items%s%s)%n", show(f.kappa()),
                            f.pBar(), f.pBarE(), f.subjects(), f.balanced() ? ""
                                    : ", unequal labels per item: generalised Fleiss",
                            f.droppedSubjects() > 0 ? ", " + f.droppedSubjects() + " items with one label left out" : "");
                }
                case "alpha", "alpha-nominal" -> printAlpha(KrippendorffAlpha.ofAnswers(answers,
                        KrippendorffAlpha.Metric.NOMINAL), err);
                case "alpha-ordinal" -> printAlpha(KrippendorffAlpha.ofAnswers(answers,
                        KrippendorffAlpha.Metric.ORDINAL), err);
                case "alpha-interval" -> printAlpha(KrippendorffAlpha.ofAnswers(answers,
                        KrippendorffAlpha.Metric.INTERVAL), err);
                case "alpha-ratio" -> printAlpha(KrippendorffAlpha.ofAnswers(answers,
                        KrippendorffAlpha.Metric.RATIO), err);
                default -> {
                    if (!m.startsWith("cohen:")) {
                        throw new UsageException("unknown metric '" + m + "'");
                    }
                    String[] p = m.substring(6).split(",");
                    if (p.length < 2) {
                        throw new UsageException("cohen needs two workers: cohen:W1,W2[,linear|quadratic]");
                    }
                    CohenKappa.Weights w = p.length > 2 ? CohenKappa.Weights.valueOf(p[2].toUpperCase(Locale.ROOT))
                            : CohenKappa.Weights.NONE;
                    // metric names were lower-cased; match workers case-insensitively
                    String w1 = findWorker(answers, p[0]);
                    String w2 = findWorker(answers, p[1]);
                    CohenKappa.Result c = CohenKappa.ofWorkers(answers, w1, w2, w);
                    err.printf(Locale.ROOT, "metric %s (%s vs %s, %.0f shared items, ASE %.4f)%n", show(c.kappa()), w1,
                            w2, c.n(), c.standardError());
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("metric " + m + ": not computed: " + e.getMessage());
        }
    }

    private static String findWorker(Answers a, String name) {
        for (String w : a.workers()) {
            if (w.equalsIgnoreCase(name)) {
                return w;
            }
        }
        throw new IllegalArgumentException("no worker named '" + name + "'");
    }

    private static void printAlpha(KrippendorffAlpha.Result<?> r, PrintStream err) {
        err.printf(Locale.ROOT, "metric %s (D_o=%.6f, D_e=%.6f, %.0f pairable values, %d items with one value left out)%n",
                show(r.alpha()), r.observedDisagreement(), r.expectedDisagreement(), r.pairable(), r.droppedUnits());
    }

    private static String show(Coefficient c) {
        return c.isDefined() ? String.format(Locale.ROOT, "%s = %.6f", c.metric(), c.value())
                : c.metric() + " = undefined (" + c.undefinedReason() + ")";
    }

    static boolean numeric(Answers a) {
        for (String l : a.labels()) {
            try {
                Double.parseDouble(l.trim());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    static void writeLabels(AggregationResult r, PrintStream out) {
        Answers a = r.answers();
        StringBuilder sb = new StringBuilder("item\tlabel\tconfidence");
        for (String l : a.labels()) {
            sb.append("\tp_").append(l);
        }
        out.println(sb);
        for (int t = 0; t < a.itemCount(); t++) {
            sb.setLength(0);
            sb.append(a.item(t)).append('\t').append(r.label(t)).append('\t').append(fmt(r.confidence(t)));
            for (int k = 0; k < a.labelCount(); k++) {
                sb.append('\t').append(fmt(r.posterior(t, k)));
            }
            out.println(sb);
        }
        out.flush();
    }

    static void writeWorkers(AggregationResult r, PrintStream out) {
        Answers a = r.answers();
        out.println("worker\tanswers\tskill");
        for (int w = 0; w < a.workerCount(); w++) {
            out.println(a.worker(w) + '\t' + a.workerSize(w) + '\t' + fmt(r.skill(w)));
        }
        out.flush();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static void writeTo(Path p, java.util.function.Consumer<PrintStream> body, PrintStream err) {
        try (PrintStream ps = new PrintStream(Files.newOutputStream(p), false, StandardCharsets.UTF_8)) {
            body.accept(ps);
            err.println("  wrote " + p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(List<String> labels) {
        return labels.size() <= 12 ? labels.toString() : labels.subList(0, 12) + "... (" + labels.size() + ")";
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new UsageException(flag + " needs a value");
        }
        return args[i];
    }
}
