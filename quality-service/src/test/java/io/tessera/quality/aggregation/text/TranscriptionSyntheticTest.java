package io.tessera.quality.aggregation.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.quality.aggregation.ItemAnswers;
import io.tessera.quality.aggregation.SyntheticReport;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A synthetic transcription crowd: 250 sentences of 8–20 words from a 300-word vocabulary (2–9 letters), 25 workers,
 * 5 per sentence. Per word, workers make a typo (one letter changed, dropped or added), drop the word, insert a
 * random word after it, or write another word: 40% good (3%, 1%, 1%, 1%), 30% sloppy (10%, 4%, 3%, 3%), 20% poor
 * (20%, 10%, 6%, 10%), 10% spammers (a random sentence). The naive choice is one random worker's text.
 */
class TranscriptionSyntheticTest {

    static final long SEED = 20240621L;
    static final int SENTENCES = 250;
    static final int WORKERS = 25;
    static final int OVERLAP = 5;

    record Crowd(ItemAnswers<String> answers, List<String> truth, List<String> randomWorker) {
    }

    static String randomWord(SplittableRandom rnd) {
        int len = 2 + rnd.nextInt(8);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append((char) ('a' + rnd.nextInt(26)));
        }
        return sb.toString();
    }

    static String typo(SplittableRandom rnd, String w) {
        int i = rnd.nextInt(w.length());
        char c = (char) ('a' + rnd.nextInt(26));
        return switch (rnd.nextInt(3)) {
            case 0 -> w.substring(0, i) + c + w.substring(i + 1);
            case 1 -> w.length() > 1 ? w.substring(0, i) + w.substring(i + 1) : w + c;
            default -> w.substring(0, i) + c + w.substring(i);
        };
    }

    static Crowd crowd(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] vocab = new String[300];
        for (int i = 0; i < vocab.length; i++) {
            vocab[i] = randomWord(rnd);
        }
        double[][] kind = {{0.03, 0.01, 0.01, 0.01}, {0.10, 0.04, 0.03, 0.03}, {0.20, 0.10, 0.06, 0.10}};
        ItemAnswers.Builder<String> b = ItemAnswers.builder();
        List<String> truth = new ArrayList<>();
        List<String> random = new ArrayList<>();
        for (int t = 0; t < SENTENCES; t++) {
            int n = 8 + rnd.nextInt(13);
            List<String> words = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                words.add(vocab[rnd.nextInt(vocab.length)]);
            }
            truth.add(String.join(" ", words));
            int[] who = SyntheticReport.distinct(rnd, WORKERS, OVERLAP);
            int pick = rnd.nextInt(OVERLAP);
            for (int j = 0; j < OVERLAP; j++) {
                int w = who[j];
                double u = (double) w / WORKERS;
                List<String> out = new ArrayList<>();
                if (u >= 0.9) {
                    int len = 8 + rnd.nextInt(13);
                    for (int k = 0; k < len; k++) {
                        out.add(vocab[rnd.nextInt(vocab.length)]);
                    }
                } else {
                    double[] p = kind[u < 0.4 ? 0 : u < 0.7 ? 1 : 2];
                    for (String word : words) {
                        double x = rnd.nextDouble();
                        if (x < p[0]) {
                            out.add(typo(rnd, word));
                        } else if (x < p[0] + p[1]) {
                            continue;
                        } else if (x < p[0] + p[1] + p[3]) {
                            out.add(vocab[rnd.nextInt(vocab.length)]);
                        } else {
                            out.add(word);
                        }
                        if (rnd.nextDouble() < p[2]) {
                            out.add(vocab[rnd.nextInt(vocab.length)]);
                        }
                    }
                }
                String text = String.join(" ", out);
                b.add("s" + t, "w" + w, text);
                if (j == pick) {
                    random.add(text);
                }
            }
        }
        return new Crowd(b.build(), truth, random);
    }

    /** {word error rate, character error rate, exact sentences} against the truth (rates over the truth's length). */
    static double[] score(List<String> predicted, List<String> truth) {
        long wordErrors = 0;
        long words = 0;
        long charErrors = 0;
        long chars = 0;
        int exact = 0;
        java.util.Map<String, Integer> vocab = new java.util.HashMap<>();
        for (int t = 0; t < truth.size(); t++) {
            String[] pw = predicted.get(t).isEmpty() ? new String[0] : predicted.get(t).split(" ");
            String[] tw = truth.get(t).split(" ");
            int[][] ids = TextKernel.wordIds(new String[][] {pw, tw}, vocab);
            wordErrors += EditDistance.levenshtein(ids[0], ids[1]);
            words += tw.length;
            charErrors += EditDistance.levenshtein(predicted.get(t), truth.get(t));
            chars += truth.get(t).length();
            exact += predicted.get(t).equals(truth.get(t)) ? 1 : 0;
        }
        return new double[] {(double) wordErrors / words, (double) charErrors / chars, (double) exact / truth.size()};
    }

    static List<String> merged(TextResult r) {
        List<String> out = new ArrayList<>();
        for (int t = 0; t < SENTENCES; t++) {
            out.add(r.answer("s" + t).orElseThrow());
        }
        return out;
    }

    @Test
    void consensusBeatsARandomWorker() {
        Crowd c = crowd(SEED);
        double[] base = score(c.randomWorker(), c.truth());
        double[] medoidPlain = score(merged(new MedoidTranscription().unweighted().fit(c.answers())), c.truth());
        double[] medoid = score(merged(new MedoidTranscription().fit(c.answers())), c.truth());
        double[] roverPlain = score(merged(new RoverTranscription().unweighted().fit(c.answers())), c.truth());
        TextResult roverResult = new RoverTranscription().fit(c.answers());
        double[] rover = score(merged(roverResult), c.truth());
        SyntheticReport.print("transcription", SEED, "WER / CER / exact sentences: random worker %.3f / %.3f /"
                + " %.3f, medoid unweighted %.3f / %.3f / %.3f, medoid %.3f / %.3f / %.3f, ROVER unweighted %.3f /"
                + " %.3f / %.3f, ROVER %.3f / %.3f / %.3f (%d rounds)", base[0], base[1], base[2], medoidPlain[0],
                medoidPlain[1], medoidPlain[2], medoid[0], medoid[1], medoid[2], roverPlain[0], roverPlain[1],
                roverPlain[2], rover[0], rover[1], rover[2], roverResult.rounds());
        assertTrue(medoid[0] < 0.5 * base[0], medoid[0] + " vs " + base[0]);
        assertTrue(rover[0] < 0.25 * base[0], rover[0] + " vs " + base[0]);
        assertTrue(rover[1] < 0.25 * base[1], rover[1] + " vs " + base[1]);
        assertTrue(rover[0] < medoid[0], rover[0] + " vs medoid " + medoid[0]);
        assertTrue(rover[2] > base[2] + 0.3, rover[2] + " vs " + base[2]);
        // spammers get no weight
        for (int w = 0; w < WORKERS; w++) {
            if ((double) w / WORKERS < 0.9) {
                continue;
            }
            double wt = roverResult.weight(roverResult.workerId("w" + w));
            assertTrue(wt == 0, "spammer w" + w + " weight " + wt);
        }
    }
}
