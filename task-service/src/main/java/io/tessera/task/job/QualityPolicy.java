package io.tessera.task.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tessera.common.quality.BatchAlgorithms;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * How quality-service decides this job's items and judges its workers. task-service only stores it
 * and passes it along with every submission event; docs/quality.md says what each field does.
 * Every field is optional: an empty policy resolves items by majority at {@code overlap} labels
 * (a tie asks for one more, up to maxOverlap) and judges nobody.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QualityPolicy(
        /** Resolve once the merged label's posterior reaches this; below it, ask for another label. */
        @DecimalMin("0.5") @DecimalMax("0.9999") Double confidenceTarget,
        /** Block a worker whose gold accuracy falls below this after {@code minGoldAnswers} gold answers. */
        @DecimalMin("0.0") @DecimalMax("1.0") Double minGoldAccuracy,
        @Min(1) @Max(1000) Integer minGoldAnswers,
        /** Block a worker whose agreement with merged labels falls below this after {@code minAgreementLabels}. */
        @DecimalMin("0.0") @DecimalMax("1.0") Double minAgreement,
        @Min(1) @Max(100_000) Integer minAgreementLabels,
        /** Block a worker whose median time per label is below this, after 10 labels. */
        @Min(1) @Max(3_600_000) Long minMedianDurationMs,
        /** Block a worker after this many skips in a row. */
        @Min(1) @Max(10_000) Integer maxSkipStreak,
        /** Block a worker who gives one answer to at least this share of 20 or more items. */
        @DecimalMin("0.5") @DecimalMax("1.0") Double maxSameAnswerShare,
        @Pattern(regexp = "job|platform", message = "must be job or platform") String blockScope,
        /** Whether a blocked worker's labels in the job are rejected and collected again (default true). */
        Boolean rejectLabels,
        /**
         * The algorithm quality-service re-merges the job with when it completes, one of the job's kind
         * ({@link BatchAlgorithms#forKind}; default: the kind's first). The pattern admits any kind's name;
         * {@code JobService} checks that it fits the schema's kind.
         */
        @Pattern(regexp = BatchAlgorithms.PATTERN, message = "must be a batch algorithm of the quality library; "
                + "which ones fit depends on the schema's kind (docs/quality-service.md)")
        String batchAlgorithm) {

    public static QualityPolicy none() {
        return new QualityPolicy(null, null, null, null, null, null, null, null, null, null, null);
    }
}
