package io.tessera.quality.aggregation.spans;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.quality.aggregation.ItemAnswers;
import io.tessera.quality.aggregation.SyntheticReport;
import io.tessera.quality.agreement.MatchedF1;
import io.tessera.quality.agreement.SpanF1;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A synthetic span crowd: 300 texts of 40 words (2–9 letters, one space apart), each with 1–4 entities of 1–3 words
 * (PER, LOC, ORG), 25 workers, 5 per text. Workers: 40% good (find 95%, a boundary one word off 5%, wrong label 2%,
 * 0.05 false spans per text), 30% sloppy (80%, 25%, 10%, 0.3), 20% poor (60%, 40%, 20%, 0.6), 10% spammers (0–3
 * random spans). The naive choice is one random worker's spans; character-level voting is measured beside span
 * voting to back the choice of span-level voting.
 */
class SpanSyntheticTest {

    static final long SEED = 20240611L;
    static final int TEXTS = 300;
    static final int WORDS = 40;
    static final int WORKERS = 25;
    static final int OVERLAP = 5;
    static final String[] LABELS = {"PER", "LOC", "ORG"};

    record Text(int[] wordStart, int[] wordEnd, int length) {
        Span span(String label, int firstWord, int lastWord) {
            return new Span(label, wordStart[firstWord], wordEnd[lastWord]);
        }
    }

    record Crowd(ItemAnswers<List<Span>> answers, List<Text> texts, List<List<Span>> truth,
                 List<List<Span>> randomWorker) {
    }

    static Crowd crowd(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] kind = {{0.95, 0.05, 0.02, 0.05}, {0.8, 0.25, 0.1, 0.3}, {0.6, 0.4, 0.2, 0.6}};
        ItemAnswers.Builder<List<Span>> b = ItemAnswers.builder();
        List<Text> texts = new ArrayList<>();
        List<List<Span>> truth = new ArrayList<>();
        List<List<Span>> random = new ArrayList<>();
        for (int t = 0; t < TEXTS; t++) {
            int[] ws = new int[WORDS];
            int[] we = new int[WORDS];
            int pos = 0;
            for (int k = 0; k < WORDS; k++) {
                ws[k] = pos;
                we[k] = pos + 2 + rnd.nextInt(8);
                pos = we[k] + 1;
            }
            Text text = new Text(ws, we, pos - 1);
            texts.add(text);
            // entities: word ranges [first, last], at least one word apart
            List<int[]> ents = new ArrayList<>();
            int n = 1 + rnd.nextInt(4);
            int word = rnd.nextInt(5);
            for (int e = 0; e < n && word < WORDS - 3; e++) {
                int len = 1 + rnd.nextInt(3);
                ents.add(new int[] {word, word + len - 1, rnd.nextInt(LABELS.length)});
                word += len + 1 + rnd.nextInt(8);
            }
            List<Span> tr = new ArrayList<>();
            for (int[] e : ents) {
                tr.add(text.span(LABELS[e[2]], e[0], e[1]));
            }
            truth.add(tr);
            int[] who = SyntheticReport.distinct(rnd, WORKERS, OVERLAP);
            int pick = rnd.nextInt(OVERLAP);
            for (int j = 0; j < OVERLAP; j++) {
                int w = who[j];
                double u = (double) w / WORKERS;
                List<Span> mine = new ArrayList<>();
                if (u >= 0.9) {
                    int k = rnd.nextInt(4);
                    for (int i = 0; i < k; i++) {
                        int first = rnd.nextInt(WORDS - 3);
                        mine.add(text.span(LABELS[rnd.nextInt(3)], first, first + rnd.nextInt(3)));
                    }
                } else {
                    double[] p = kind[u < 0.4 ? 0 : u < 0.7 ? 1 : 2];
                    for (int[] e : ents) {
                        if (rnd.nextDouble() >= p[0]) {
                            continue;
                        }
                        int first = e[0];
                        int last = e[1];
                        if (rnd.nextDouble() < p[1]) {
                            int move = rnd.nextInt(4);
                            if (move == 0 && first > 0) {
                                first--;
                            } else if (move == 1 && last < WORDS - 1) {
                                last++;
                            } else if (move == 2 && first < last) {
                                first++;
                            } else if (last > first) {
                                last--;
                            }
                        }
                        String label = rnd.nextDouble() < p[2] ? LABELS[rnd.nextInt(3)] : LABELS[e[2]];
                        mine.add(text.span(label, first, last));
                    }
                    if (rnd.nextDouble() < p[3]) {
                        int first = rnd.nextInt(WORDS - 3);
                        Span fake = text.span(LABELS[rnd.nextInt(3)], first, first + rnd.nextInt(3));
                        if (mine.stream().noneMatch(s -> s.overlaps(fake))) {
                            mine.add(fake);
                        }
                    }
                }
                b.add("t" + t, "w" + w, List.copyOf(mine));
                if (j == pick) {
                    random.add(mine);
                }
            }
        }
        return new Crowd(b.build(), texts, truth, random);
    }

    /**
     * Character-level (token-level) voting, for comparison: each character takes the label more than half of the
     * item's workers put on it, and maximal runs of one label become spans.
     */
    static List<Span> characterVoting(ItemAnswers<List<Span>> a, int t, int length) {
        int n = a.itemSize(t);
        int[][] votes = new int[length][LABELS.length];
        for (int r = a.itemStart(t); r < a.itemStart(t + 1); r++) {
            for (Span s : a.value(r)) {
                int l = List.of(LABELS).indexOf(s.label());
                for (int c = s.start(); c < s.end(); c++) {
                    votes[c][l]++;
                }
            }
        }
        List<Span> out = new ArrayList<>();
        int runStart = -1;
        int runLabel = -1;
        for (int c = 0; c <= length; c++) {
            int label = -1;
            if (c < length) {
                for (int l = 0; l < LABELS.length; l++) {
                    if (2 * votes[c][l] > n) {
                        label = l;
                    }
                }
            }
            if (label != runLabel) {
                if (runLabel >= 0) {
                    out.add(new Span(LABELS[runLabel], runStart, c));
                }
                runStart = c;
                runLabel = label;
            }
        }
        return out;
    }

    /** {exact span F1, partial (IoU ≥ 0.5) span F1} against the truth, micro over texts. */
    static double[] score(List<List<Span>> predicted, List<List<Span>> truth) {
        MatchedF1.Counts exact = MatchedF1.Counts.ZERO;
        MatchedF1.Counts partial = MatchedF1.Counts.ZERO;
        for (int t = 0; t < truth.size(); t++) {
            exact = exact.plus(SpanF1.of(predicted.get(t), truth.get(t), 1.0));
            partial = partial.plus(SpanF1.of(predicted.get(t), truth.get(t), 0.5));
        }
        return new double[] {exact.f1("f1").value(), partial.f1("f1").value()};
    }

    static List<List<Span>> merged(SpanResult r) {
        List<List<Span>> out = new ArrayList<>();
        for (int t = 0; t < TEXTS; t++) {
            out.add(r.answer("t" + t).orElseThrow());
        }
        return out;
    }

    @Test
    void spanVotingBeatsARandomWorker() {
        Crowd c = crowd(SEED);
        double[] base = score(c.randomWorker(), c.truth());
        SpanVoting exact = new SpanVoting().withMinIou(1.0);
        double[] exactPlain = score(merged(exact.unweighted().fit(c.answers())), c.truth());
        double[] exactWeighted = score(merged(exact.fit(c.answers())), c.truth());
        double[] plain = score(merged(new SpanVoting().unweighted().fit(c.answers())), c.truth());
        SpanResult weightedResult = new SpanVoting().fit(c.answers());
        double[] weighted = score(merged(weightedResult), c.truth());
        List<List<Span>> chars = new ArrayList<>();
        for (int t = 0; t < TEXTS; t++) {
            chars.add(characterVoting(c.answers(), c.answers().itemId("t" + t), c.texts().get(t).length()));
        }
        double[] charVote = score(chars, c.truth());
        SyntheticReport.print("spans", SEED, "exact / partial span F1: random worker %.3f / %.3f, character voting"
                + " (unweighted) %.3f / %.3f, exact span voting unweighted %.3f / %.3f, weighted %.3f / %.3f, span"
                + " voting with minIou 0.5 (default) unweighted %.3f / %.3f, weighted %.3f / %.3f (%d rounds)",
                base[0], base[1], charVote[0], charVote[1], exactPlain[0], exactPlain[1], exactWeighted[0],
                exactWeighted[1], plain[0], plain[1], weighted[0], weighted[1], weightedResult.rounds());
        assertTrue(weighted[0] > base[0] + 0.2, weighted[0] + " vs " + base[0]);
        assertTrue(exactWeighted[0] > base[0] + 0.15, exactWeighted[0] + " vs " + base[0]);
        assertTrue(weighted[0] >= plain[0] && weighted[0] >= exactWeighted[0], weighted[0] + " vs " + plain[0]);
        assertTrue(plain[0] > charVote[0], plain[0] + " vs character voting " + charVote[0]);
    }
}
