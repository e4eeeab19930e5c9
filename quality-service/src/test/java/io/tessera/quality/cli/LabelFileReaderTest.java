package io.tessera.quality.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.quality.aggregation.Answers;
import io.tessera.quality.aggregation.SharedDatasets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelFileReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content.getBytes(StandardCharsets.UTF_8));
        return p;
    }

    @Test
    void crOnlyLineEndingsAndShortHeader() throws IOException {
        LabelFileReader.TruthFile t = LabelFileReader.readTruth(write("t.csv", "q,truth\r2000,0\r2001,1\r2002,1"));
        assertEquals(3, t.truth().size());
        assertEquals("1", t.truth().get("2001"));
    }

    @Test
    void crlfBomQuotesAndWorkerFirstHeader() throws IOException {
        LabelFileReader.LabelFile f = LabelFileReader.readAnswers(
                write("a.csv", "\uFEFFworker,task,label\r\nw1,\"t,1\",yes\r\nw2,\"t,1\",\"no \"\"really\"\"\"\r\n"),
                LabelFileReader.Columns.DETECT);
        assertEquals(2, f.rows().size());
        assertEquals("t,1", f.rows().get(0).item());
        assertEquals("w1", f.rows().get(0).worker());
        assertEquals("no \"really\"", f.rows().get(1).label());
        assertEquals("CRLF", f.lineEndings());
        assertTrue(f.problems().isEmpty());
    }

    @Test
    void headerlessTsvAndUnreadableLinesAreReported() throws IOException {
        LabelFileReader.LabelFile f = LabelFileReader.readAnswers(write("a.tsv", "1\t1\t3\n1\t2\n2\t1\t\n2\t2\t0\n"),
                LabelFileReader.Columns.DETECT);
        assertFalse(f.header());
        assertEquals("tab", f.delimiterName());
        assertEquals(2, f.rows().size());
        assertEquals(2, f.skippedLines());
        assertTrue(f.problems().get(0).contains("line 2"), f.problems().toString());
    }

    @Test
    void explicitColumnsAndEmbeddedTruth() throws IOException {
        LabelFileReader.LabelFile f = LabelFileReader.readAnswers(
                write("a.tsv", "ann\tw\tunit\tresp\tgold\nx\tA\tu1\t1\t1\nx\tB\tu1\t0\t1\n"),
                LabelFileReader.Columns.parse("unit,w,resp,gold"));
        assertEquals("u1", f.rows().get(0).item());
        assertEquals("A", f.rows().get(0).worker());
        assertEquals(java.util.Map.of("u1", "1"), f.embeddedTruth(new java.util.ArrayList<>()));
    }

    @Test
    void duplicatesAreCountedAndPolicyApplies() throws IOException {
        LabelFileReader.LabelFile f = LabelFileReader.readAnswers(
                write("a.csv", "question,worker,answer\nq1,w1,0\nq1,w1,1\nq1,w2,1\n"), LabelFileReader.Columns.DETECT);
        assertEquals(1, f.duplicatePairs());
        assertEquals(3, f.toAnswers(Answers.Duplicates.KEEP_ALL).size());
        assertEquals(2, f.toAnswers(Answers.Duplicates.KEEP_LAST).size());
    }

    /** Every answer file in shared/datasets reads without problems into the counts its README states. */
    @Test
    void readsEverySharedDatasetAsItIs() throws IOException {
        Path root = SharedDatasets.require("README.md").getParent();
        assertCounts(root.resolve("zheng_d_product/answer.csv"), 8315, 176, 24945);
        assertCounts(root.resolve("zheng_d_possent/answer.csv"), 1000, 85, 20000);
        assertCounts(root.resolve("zheng_s4_relevance/answer.csv"), 20232, 766, 98453);
        assertCounts(root.resolve("zheng_s4_dog/answer.csv"), 807, 109, 8070);
        assertCounts(root.resolve("zheng_s4_dog/dogs-1.merged.label.tsv"), 807, 109, 8070);
        assertCounts(root.resolve("zheng_f201_emotion/answer.csv"), 700, 38, 7000);
        assertCounts(root.resolve("snow2008/rte.standardized.tsv"), 800, 164, 8000);
        assertCounts(root.resolve("snow2008/wsd.standardized.tsv"), 177, 34, 1770);
        assertCounts(root.resolve("crowdkit_test_fixtures/simple_answers.csv"), 10, 6, 33);
        assertEquals(1570, LabelFileReader.readAnswers(root.resolve("zheng_s4_relevance/answer.csv"),
                LabelFileReader.Columns.DETECT).toAnswers(Answers.Duplicates.KEEP_ALL).duplicatesSeen());
        assertEquals(20, LabelFileReader.readTruth(root.resolve("zheng_d_possent/quali_truth.csv")).truth().size());
        assertEquals(4460, LabelFileReader.readTruth(root.resolve("zheng_s4_relevance/truth.csv")).truth().size());
        assertEquals(807, LabelFileReader.readTruth(root.resolve("zheng_s4_dog/dogs-1.merged.truth.tsv")).truth()
                .size());
    }

    @Test
    void commandLineScoresAndPrintsLabels() {
        Path toy = SharedDatasets.require("crowdkit_test_fixtures/toy_answers.csv");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Aggregate.run(new String[] {toy.toString(), "--truth",
                toy.resolveSibling("toy_ground_truth.csv").toString(), "--algorithm", "ds", "--metric", "alpha"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("krippendorff_alpha = 0.142191"), e);
        assertTrue(e.contains("accuracy 1.0000 on 5 items"), e);
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.startsWith("item\tlabel\tconfidence\tp_no\tp_yes"), o);
        assertTrue(o.contains("t1\tyes\t"), o);
    }

    @Test
    void commandLineSaysWhatItCannotRead() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Aggregate.run(new String[] {write("bad.csv", "question,worker,answer\nonly-one-field\n").toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("skipped 1 unreadable line(s)") && e.contains("no answer rows could be read"), e);
    }

    private static void assertCounts(Path p, int items, int workers, int rows) throws IOException {
        LabelFileReader.LabelFile f = LabelFileReader.readAnswers(p, LabelFileReader.Columns.DETECT);
        assertTrue(f.problems().isEmpty(), p + ": " + f.problems());
        Answers a = f.toAnswers(Answers.Duplicates.KEEP_ALL);
        assertEquals(items, a.itemCount(), p + " items");
        assertEquals(workers, a.workerCount(), p + " workers");
        assertEquals(rows, a.size(), p + " rows");
    }
}
