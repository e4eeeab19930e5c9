package io.tessera.quality.aggregation;

/**
 * Majority vote: the posterior of an item is the share of its labels; the worker skill is the fraction of the
 * worker's labels that equal the majority label (Crowd-Kit {@code MajorityVote}).
 */
public record MajorityVote() implements Aggregator {

    @Override
    public String name() {
        return "mv";
    }

    @Override
    public AggregationResult fit(Answers answers, GoldLabels gold) {
        double[] p = Posteriors.votes(answers, null);
        gold.clamp(p, answers.labelCount());
        return AggregationResult.builder(name(), answers, p)
                .skills(Posteriors.agreementWithLabels(answers, p), "fraction of the worker's labels equal to the majority label")
                .build();
    }
}
