package io.tessera.quality.cli;

import io.tessera.quality.aggregation.Answers;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads crowd label files as they come: CSV or TSV (detected), LF, CRLF or old-Mac CR-only line endings, a UTF-8
 * byte-order mark, RFC 4180 quotes, with or without a header. Columns are found by header name (item: question, id,
 * q, task, item, orig_id; worker: worker, !amt_worker_ids, annotator, performer; label: answer, label, response;
 * truth: truth, gold, true_label), or by position (item, worker, label) when there is no header, or as given
 * explicitly. Everything it cannot read is counted and described in {@link LabelFile#problems()}, never silently
 * dropped.
 */
public final class LabelFileReader {

    static final Set<String> ITEM_NAMES = Set.of("question", "id", "q", "task", "item", "orig_id", "item_id",
            "task_id", "question_id", "unit", "subject");
    static final Set<String> WORKER_NAMES = Set.of("worker", "!amt_worker_ids", "worker_id", "annotator", "performer",
            "rater", "coder", "user");
    static final Set<String> LABEL_NAMES = Set.of("answer", "label", "response", "value", "rating", "category");
    static final Set<String> TRUTH_NAMES = Set.of("truth", "gold", "true_label", "ground_truth", "golden",
            "agg_label");

    private static final int MAX_EXAMPLES = 5;

    /** Explicit column choice: names or 1-based positions; null fields are detected. */
    public record Columns(String item, String worker, String label, String truth) {
        public static final Columns DETECT = new Columns(null, null, null, null);

        /** Parses "item,worker,label[,truth]" (names or 1-based numbers). */
        public static Columns parse(String spec) {
            String[] p = spec.split(",", -1);
            if (p.length < 3 || p.length > 4) {
                throw new IllegalArgumentException("--columns needs item,worker,label[,truth], got '" + spec + "'");
            }
            return new Columns(p[0].trim(), p[1].trim(), p[2].trim(), p.length == 4 ? p[3].trim() : null);
        }
    }

    /** One parsed answer row; truth is null unless the file carries a truth column. */
    public record Row(String item, String worker, String label, String truth, int line) {
    }

    /** What was read, and how. */
    public record LabelFile(Path path, List<Row> rows, String delimiterName, String lineEndings, boolean header,
                            List<String> headerFields, String columnsUsed, int lines, List<String> problems,
                            int skippedLines) {

        /** Encodes the rows with a duplicate policy. */
        public Answers toAnswers(Answers.Duplicates duplicates) {
            Answers.Builder b = Answers.builder().duplicates(duplicates);
            for (Row r : rows) {
                b.add(r.item(), r.worker(), r.label());
            }
            return b.build();
        }

        /** Truth carried on the answer rows (e.g. Snow et al.'s gold column), item → truth; empty if none. */
        public Map<String, String> embeddedTruth(List<String> problemsOut) {
            Map<String, String> truth = new LinkedHashMap<>();
            int conflicts = 0;
            for (Row r : rows) {
                if (r.truth() == null || r.truth().isEmpty()) {
                    continue;
                }
                String prev = truth.putIfAbsent(r.item(), r.truth());
                if (prev != null && !prev.equals(r.truth())) {
                    conflicts++;
                }
            }
            if (conflicts > 0) {
                problemsOut.add(conflicts + " rows give a different truth for an item than its first row; the first "
                        + "one is used");
            }
            return truth;
        }

        /** Number of (item, worker) pairs that occur more than once. */
        public int duplicatePairs() {
            Map<String, Integer> seen = new HashMap<>();
            int dup = 0;
            for (Row r : rows) {
                if (seen.merge(r.item() + '\u0000' + r.worker(), 1, Integer::sum) == 2) {
                    dup++;
                }
            }
            return dup;
        }

        /** A short human description of how the file was read. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append(path).append(": ").append(rows.size()).append(" answer rows from ").append(lines)
                    .append(" lines; ").append(delimiterName).append(", ").append(lineEndings).append(" line endings, ")
                    .append(header ? "header " + headerFields : "no header").append("; columns ").append(columnsUsed);
            return sb.toString();
        }
    }

    /** Truth file: item → label, with problems (conflicting repeats, short lines) reported. */
    public record TruthFile(Path path, Map<String, String> truth, int lines, List<String> problems) {
    }

    private LabelFileReader() {
    }

    public static LabelFile readAnswers(Path path, Columns columns) throws IOException {
        Text text = Text.read(path);
        List<String> problems = new ArrayList<>(text.problems);
        List<String[]> records = parse(text.content, text.delimiter);
        if (records.isEmpty()) {
            problems.add("the file is empty");
            return new LabelFile(path, List.of(), text.delimiterName(), text.lineEndings, false, List.of(), "-", 0,
                    problems, 0);
        }
        String[] first = records.get(0);
        boolean header = looksLikeHeader(first);
        int[] idx = resolve(first, header, columns, problems);
        int needed = Math.max(Math.max(idx[0], idx[1]), idx[2]) + 1;
        List<Row> rows = new ArrayList<>();
        int skipped = 0;
        List<String> examples = new ArrayList<>();
        int emptyFieldRows = 0;
        for (int i = header ? 1 : 0; i < records.size(); i++) {
            String[] f = records.get(i);
            if (f.length == 1 && f[0].isBlank()) {
                continue;
            }
            if (f.length < needed) {
                skipped++;
                if (examples.size() < MAX_EXAMPLES) {
                    examples.add("line " + (i + 1) + ": " + f.length + " field(s), need " + needed + ": '"
                            + String.join(text.delimiterName().equals("tab") ? "\\t" : ",", f) + "'");
                }
                continue;
            }
            String item = f[idx[0]].trim();
            String worker = f[idx[1]].trim();
            String label = f[idx[2]].trim();
            if (item.isEmpty() || worker.isEmpty() || label.isEmpty()) {
                skipped++;
                emptyFieldRows++;
                if (examples.size() < MAX_EXAMPLES) {
                    examples.add("line " + (i + 1) + ": empty item, worker or label");
                }
                continue;
            }
            String truth = idx[3] >= 0 && idx[3] < f.length ? f[idx[3]].trim() : null;
            rows.add(new Row(item, worker, label, truth, i + 1));
        }
        if (skipped > 0) {
            problems.add("skipped " + skipped + " unreadable line(s)" + (emptyFieldRows > 0 ? " (" + emptyFieldRows
                    + " with an empty field)" : "") + ", e.g. " + String.join("; ", examples));
        }
        String used = "item=" + name(first, header, idx[0]) + ", worker=" + name(first, header, idx[1]) + ", label="
                + name(first, header, idx[2]) + (idx[3] >= 0 ? ", truth=" + name(first, header, idx[3]) : "");
        return new LabelFile(path, rows, text.delimiterName(), text.lineEndings, header,
                header ? List.of(first) : List.of(), used, records.size(), problems, skipped);
    }

    /** Reads a truth file of (item, truth) rows, header optional; columns by header name or the first two. */
    public static TruthFile readTruth(Path path) throws IOException {
        Text text = Text.read(path);
        List<String> problems = new ArrayList<>(text.problems);
        List<String[]> records = parse(text.content, text.delimiter);
        Map<String, String> truth = new LinkedHashMap<>();
        if (records.isEmpty()) {
            problems.add("the truth file is empty");
            return new TruthFile(path, truth, 0, problems);
        }
        String[] first = records.get(0);
        boolean header = looksLikeHeader(first);
        int itemCol = 0;
        int truthCol = 1;
        if (header) {
            int i = find(first, ITEM_NAMES);
            int t = find(first, TRUTH_NAMES);
            if (t < 0) {
                t = find(first, LABEL_NAMES);
            }
            itemCol = i >= 0 ? i : 0;
            truthCol = t >= 0 ? t : (itemCol == 0 ? 1 : 0);
        }
        int skipped = 0;
        int conflicts = 0;
        int repeats = 0;
        for (int r = header ? 1 : 0; r < records.size(); r++) {
            String[] f = records.get(r);
            if (f.length == 1 && f[0].isBlank()) {
                continue;
            }
            if (f.length <= Math.max(itemCol, truthCol) || f[itemCol].isBlank() || f[truthCol].isBlank()) {
                skipped++;
                continue;
            }
            String prev = truth.putIfAbsent(f[itemCol].trim(), f[truthCol].trim());
            if (prev != null) {
                if (prev.equals(f[truthCol].trim())) {
                    repeats++;
                } else {
                    conflicts++;
                }
            }
        }
        if (skipped > 0) {
            problems.add("skipped " + skipped + " truth line(s) without an item and a label");
        }
        if (repeats > 0) {
            problems.add(repeats + " repeated truth line(s) with the same label (ignored)");
        }
        if (conflicts > 0) {
            problems.add(conflicts + " truth line(s) contradict an earlier line for the same item; the first is used");
        }
        return new TruthFile(path, truth, records.size(), problems);
    }

    private static int[] resolve(String[] first, boolean header, Columns c, List<String> problems) {
        int[] idx = {-1, -1, -1, -1};
        if (header) {
            idx[0] = find(first, ITEM_NAMES);
            idx[1] = find(first, WORKER_NAMES);
            idx[2] = find(first, LABEL_NAMES);
            idx[3] = find(first, TRUTH_NAMES);
        }
        String[] explicit = {c.item(), c.worker(), c.label(), c.truth()};
        for (int k = 0; k < 4; k++) {
            if (explicit[k] != null && !explicit[k].isEmpty()) {
                idx[k] = column(first, header, explicit[k]);
            }
        }
        // fall back to positions: item, worker, label (the Zheng et al. and Crowd-Kit order, minus its worker-first)
        boolean[] taken = new boolean[Math.max(first.length, 3)];
        for (int k = 0; k < 4; k++) {
            if (idx[k] >= 0 && idx[k] < taken.length) {
                taken[idx[k]] = true;
            }
        }
        for (int k = 0; k < 3; k++) {
            if (idx[k] < 0) {
                for (int p = 0; p < taken.length; p++) {
                    if (!taken[p]) {
                        idx[k] = p;
                        taken[p] = true;
                        if (header) {
                            problems.add("no header column named like a" + (k == 0 ? "n item" : k == 1 ? " worker"
                                    : " label") + "; using column " + (p + 1) + " ('" + (p < first.length ? first[p]
                                    : "") + "')");
                        }
                        break;
                    }
                }
            }
        }
        return idx;
    }

    private static int column(String[] first, boolean header, String spec) {
        if (spec.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(spec) - 1;
        }
        if (header) {
            for (int i = 0; i < first.length; i++) {
                if (first[i].trim().equalsIgnoreCase(spec)) {
                    return i;
                }
            }
        }
        throw new IllegalArgumentException("column '" + spec + "' not found in header " + List.of(first));
    }

    private static String name(String[] first, boolean header, int i) {
        return header && i < first.length ? "'" + first[i] + "'" : "#" + (i + 1);
    }

    private static int find(String[] fields, Set<String> names) {
        for (int i = 0; i < fields.length; i++) {
            if (names.contains(fields[i].trim().toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        return -1;
    }

    static boolean looksLikeHeader(String[] fields) {
        for (String f : fields) {
            String n = f.trim().toLowerCase(Locale.ROOT);
            if (ITEM_NAMES.contains(n) || WORKER_NAMES.contains(n) || LABEL_NAMES.contains(n)
                    || TRUTH_NAMES.contains(n) || n.startsWith("!")) {
                return true;
            }
        }
        return false;
    }

    /** RFC 4180-style split of the whole text into records; quotes may span lines. */
    static List<String[]> parse(String s, char delim) {
        List<String[]> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < n && s.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(ch);
                }
                continue;
            }
            if (ch == '"' && cur.length() == 0) {
                quoted = true;
                any = true;
            } else if (ch == delim) {
                fields.add(cur.toString());
                cur.setLength(0);
                any = true;
            } else if (ch == '\n') {
                fields.add(cur.toString());
                out.add(fields.toArray(new String[0]));
                fields.clear();
                cur.setLength(0);
                any = false;
            } else {
                cur.append(ch);
                any = true;
            }
        }
        if (any || cur.length() > 0) {
            fields.add(cur.toString());
            out.add(fields.toArray(new String[0]));
        }
        return out;
    }

    /** File text normalised to LF, with what was found. */
    private record Text(String content, char delimiter, String lineEndings, List<String> problems) {

        String delimiterName() {
            return delimiter == '\t' ? "tab" : delimiter == ';' ? "semicolon" : "comma";
        }

        static Text read(Path path) throws IOException {
            byte[] bytes = Files.readAllBytes(path);
            List<String> problems = new ArrayList<>();
            String s;
            try {
                s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                s = new String(bytes, StandardCharsets.ISO_8859_1);
                problems.add("not valid UTF-8; read as ISO-8859-1");
            }
            if (!s.isEmpty() && s.charAt(0) == '\uFEFF') {
                s = s.substring(1);
            }
            int crlf = 0;
            int cr = 0;
            int lf = 0;
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch == '\r') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                        crlf++;
                        i++;
                    } else {
                        cr++;
                    }
                } else if (ch == '\n') {
                    lf++;
                }
            }
            String endings = crlf + cr + lf == 0 ? "no"
                    : (crlf > 0 ? "CRLF" : "") + (cr > 0 ? (crlf > 0 ? "+" : "") + "CR-only" : "")
                    + (lf > 0 ? (crlf + cr > 0 ? "+" : "") + "LF" : "");
            if ((crlf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0) + (lf > 0 ? 1 : 0) > 1) {
                problems.add("mixed line endings (" + endings + "); all accepted");
            }
            s = s.replace("\r\n", "\n").replace('\r', '\n');
            int nl = s.indexOf('\n');
            String firstLine = nl < 0 ? s : s.substring(0, nl);
            char delim = firstLine.indexOf('\t') >= 0 ? '\t'
                    : firstLine.indexOf(',') >= 0 ? ',' : firstLine.indexOf(';') >= 0 ? ';' : ',';
            return new Text(s, delim, endings, problems);
        }
    }
}
