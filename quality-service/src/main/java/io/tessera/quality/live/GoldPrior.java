package io.tessera.quality.live;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Gold accuracy as the mean of a Beta posterior: (correct + alpha) / (seen + alpha + beta). With
 * the default Beta(1, 1) a worker with no gold answers scores 0.5, and one lucky answer is not 100%.
 */
@ApplicationScoped
public class GoldPrior {
    private final double alpha;
    private final double beta;

    public GoldPrior(@ConfigProperty(name = "tessera.quality.gold-prior-alpha") double alpha,
            @ConfigProperty(name = "tessera.quality.gold-prior-beta") double beta) {
        this.alpha = alpha;
        this.beta = beta;
    }

    public double accuracy(long correct, long seen) {
        return (correct + alpha) / (seen + alpha + beta);
    }
}
