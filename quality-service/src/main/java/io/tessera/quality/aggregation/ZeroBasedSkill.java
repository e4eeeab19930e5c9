package io.tessera.quality.aggregation;

/**
 * Zero-Based Skill (Crowd-Kit {@code ZeroBasedSkill}): weighted majority vote whose worker weights move towards each
 * worker's agreement with the current labels by a gradient step; the learning rate halves every
 * {@code lrStepsToReduce} iterations.
 *
 * @param maxIterations   number of weight updates (Crowd-Kit runs all of them: 100)
 * @param lrInit          initial learning rate (1.0)
 * @param lrStepsToReduce steps between learning-rate reductions (20)
 * @param lrReduceFactor  reduction factor (0.5)
 * @param eps             added to the initial skill 1/K (1e-5)
 */
public record ZeroBasedSkill(int maxIterations, double lrInit, int lrStepsToReduce, double lrReduceFactor, double eps)
        implements Aggregator {

    public ZeroBasedSkill() {
        this(100, 1.0, 20, 0.5, 1e-5);
    }

    @Override
    public String name() {
        return "zbs";
    }

    @Override
    public AggregationResult fit(Answers answers, GoldLabels gold) {
        int k = answers.labelCount();
        int nw = answers.workerCount();
        // Crowd-Kit counts the labels present in the data, not declared ones
        boolean[] present = new boolean[k];
        for (int l : answers.labelOf()) {
            present[l] = true;
        }
        int kPresent = 0;
        for (boolean b : present) {
            kPresent += b ? 1 : 0;
        }
        double[] skills = new double[nw];
        java.util.Arrays.fill(skills, 1.0 / Math.max(1, kPresent) + eps);
        double lr = lrInit;
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            if (iteration % lrStepsToReduce == 0) {
                lr *= lrReduceFactor;
            }
            double[] p = Posteriors.votes(answers, skills);
            gold.clamp(p, k);
            double[] acc = Posteriors.agreementWithLabels(answers, p);
            for (int w = 0; w < nw; w++) {
                skills[w] += lr * (acc[w] - skills[w]);
            }
        }
        double[] p = Posteriors.votes(answers, skills);
        gold.clamp(p, k);
        return AggregationResult.builder(name(), answers, p)
                .skills(skills, "learned vote weight, tends to the worker's agreement with the weighted-vote label")
                .iterations(maxIterations, false)
                .build();
    }
}
