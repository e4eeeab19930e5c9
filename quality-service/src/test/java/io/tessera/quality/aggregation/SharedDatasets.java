package io.tessera.quality.aggregation;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the shared datasets folder ({@code shared/datasets}, beside the repository) by searching upward from the
 * working directory, so tests run from the module (Maven) or the repository root alike. Tests that need it skip,
 * with the reason, when it is absent; nothing from it is copied into the repository.
 */
public final class SharedDatasets {

    private SharedDatasets() {
    }

    /** The datasets folder, or null. {@code -Dtessera.datasets=...} overrides the search. */
    public static Path locate() {
        String override = System.getProperty("tessera.datasets");
        if (override != null && Files.isDirectory(Path.of(override))) {
            return Path.of(override);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared").resolve("datasets");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        return null;
    }

    /** A file under the datasets folder; skips the calling test when it is not there. */
    public static Path require(String relative) {
        Path root = locate();
        assumeTrue(root != null, "shared/datasets not found above " + Path.of("").toAbsolutePath()
                + " (set -Dtessera.datasets=...); skipping dataset test");
        Path file = root.resolve(relative);
        assumeTrue(Files.isRegularFile(file), "dataset file " + file + " is missing; skipping");
        return file;
    }

    /** Crowd-Kit fixture answers (worker,task,label with header). */
    public static Answers fixtureAnswers(String name) {
        List<String[]> rows = csv(require("crowdkit_test_fixtures/" + name + "_answers.csv"));
        Answers.Builder b = Answers.builder();
        for (String[] r : rows) {
            b.add(r[1], r[0], r[2]);
        }
        return b.build();
    }

    /** Crowd-Kit fixture ground truth (task,label with header), in file order. */
    public static Map<String, String> fixtureTruth(String name) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String[] r : csv(require("crowdkit_test_fixtures/" + name + "_ground_truth.csv"))) {
            m.put(r[0], r[1]);
        }
        return m;
    }

    private static List<String[]> csv(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<String[]> rows = new ArrayList<>();
            boolean header = true;
            for (String line : text.split("\r\n|\r|\n")) {
                if (line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                rows.add(line.split(",", -1));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
