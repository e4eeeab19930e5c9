package io.tessera.common.quality;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The batch algorithms a job of each label kind may name in its quality policy ({@code batchAlgorithm}):
 * task-service checks the name against the job's kind when the job is created, quality-service runs it
 * (docs/quality-service.md, "Batch merges"). One table, so the two services cannot disagree. The first
 * name of each kind is its default.
 */
public final class BatchAlgorithms {
    /** The categorical algorithms of the quality library, Dawid-Skene first (the default). */
    public static final List<String> CATEGORICAL = List.of("ds", "mv", "wawa", "zbs", "onecoin", "glad", "mace");
    /** Multi-label: one binary model per label with a categorical algorithm, {@code per-label-ds} by default. */
    public static final String PER_LABEL = "per-label-";

    /**
     * Every name of any kind, as a regular expression for Bean Validation (a constant, so it is spelled out;
     * {@code BatchAlgorithmsTest} checks it against {@link #all()}). Whether a name fits the job's kind is
     * checked where the kind is known.
     */
    public static final String PATTERN = "ds|mv|wawa|zbs|onecoin|glad|mace"
            + "|per-label-ds|per-label-mv|per-label-wawa|per-label-zbs|per-label-onecoin|per-label-glad|per-label-mace"
            + "|weighted|weighted-bias|median|mean|box-weighted|box|span-weighted|span|span-weighted-exact|span-exact"
            + "|rover-weighted|rover|medoid-weighted|medoid";

    private static final Map<String, List<String>> BY_KIND = new LinkedHashMap<>();

    static {
        BY_KIND.put("categorical", CATEGORICAL);
        BY_KIND.put("pairwise", CATEGORICAL);
        List<String> perLabel = new ArrayList<>();
        CATEGORICAL.forEach(a -> perLabel.add(PER_LABEL + a));
        BY_KIND.put("multi-label", List.copyOf(perLabel));
        BY_KIND.put("rating", List.of("weighted", "weighted-bias", "median", "mean"));
        BY_KIND.put("bounding-boxes", List.of("box-weighted", "box"));
        BY_KIND.put("text-spans", List.of("span-weighted", "span", "span-weighted-exact", "span-exact"));
        BY_KIND.put("transcription", List.of("rover-weighted", "rover", "medoid-weighted", "medoid"));
    }

    private BatchAlgorithms() {
    }

    /** The names a job of this kind may use, its default first; empty for an unknown kind. */
    public static List<String> forKind(String kind) {
        return kind == null ? List.of() : BY_KIND.getOrDefault(kind, List.of());
    }

    /** The kind's default algorithm, or null for an unknown kind. */
    public static String defaultFor(String kind) {
        List<String> names = forKind(kind);
        return names.isEmpty() ? null : names.get(0);
    }

    /** Whether {@code name} is a batch algorithm for jobs of this kind (names are lower case). */
    public static boolean fits(String kind, String name) {
        return name != null && forKind(kind).contains(name);
    }

    /** Every name of any kind, in a stable order without repeats. */
    public static List<String> all() {
        List<String> out = new ArrayList<>();
        BY_KIND.values().forEach(names -> names.stream().filter(n -> !out.contains(n)).forEach(out::add));
        return out;
    }
}
