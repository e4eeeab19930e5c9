package io.tessera.quality.aggregation;

/**
 * Worker Agreement With Aggregate (Crowd-Kit {@code Wawa}): majority vote, then each worker's skill is the fraction of
 * their labels equal to the majority label, then a vote weighted by those skills gives the posteriors.
 */
public record Wawa() implements Aggregator {

    @Override
    public String name() {
        return "wawa";
    }

    @Override
    public AggregationResult fit(Answers answers, GoldLabels gold) {
        int k = answers.labelCount();
        double[] mv = Posteriors.votes(answers, null);
        gold.clamp(mv, k);
        double[] skills = Posteriors.agreementWithLabels(answers, mv);
        double[] p = Posteriors.votes(answers, skills);
        gold.clamp(p, k);
        return AggregationResult.builder(name(), answers, p)
                .skills(skills, "fraction of the worker's labels equal to the majority label (the vote weight)")
                .build();
    }
}
