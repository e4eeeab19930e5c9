package io.tessera.quality.live;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A job's quality policy as task-service passes it with each submission (task-service validates
 * it; see docs/quality.md). Null fields are off; the defaults below apply to fields that qualify
 * another.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Policy(Double confidenceTarget, Double minGoldAccuracy, Integer minGoldAnswers, Double minAgreement,
        Integer minAgreementLabels, Long minMedianDurationMs, Integer maxSkipStreak, Double maxSameAnswerShare,
        String blockScope, Boolean rejectLabels, String batchAlgorithm) {
    public static final String DEFAULT_BATCH_ALGORITHM = "ds";
    static final int DEFAULT_MIN_GOLD_ANSWERS = 5;
    static final int DEFAULT_MIN_AGREEMENT_LABELS = 20;
    static final int DURATION_MIN_LABELS = 10;
    static final int SAME_ANSWER_MIN_LABELS = 20;

    public static Policy none() {
        return new Policy(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The categorical algorithm of the job's batch merges and report model (Dawid-Skene unless the policy names one). */
    public String batchAlgorithmOrDefault() {
        return batchAlgorithm == null ? DEFAULT_BATCH_ALGORITHM : batchAlgorithm;
    }

    /**
     * The algorithm of a batch merge of a job of this kind: the policy's {@code batchAlgorithm} when it is one
     * of the kind's ({@link io.tessera.common.quality.BatchAlgorithms}), else the kind's default (a policy
     * stored before the kinds had their own names may name a categorical one for a rating job).
     */
    public String batchAlgorithmFor(String kind) {
        return io.tessera.common.quality.BatchAlgorithms.fits(kind, batchAlgorithm) ? batchAlgorithm
                : io.tessera.common.quality.BatchAlgorithms.defaultFor(kind);
    }

    /** Whether any rule judges workers (gold accuracy, agreement, speed, one answer, skip streak). */
    boolean judgesWorkers() {
        return minGoldAccuracy != null || minAgreement != null || minMedianDurationMs != null
                || maxSameAnswerShare != null || maxSkipStreak != null;
    }

    int goldAnswersBeforeJudging() {
        return minGoldAnswers == null ? DEFAULT_MIN_GOLD_ANSWERS : minGoldAnswers;
    }

    int agreementLabelsBeforeJudging() {
        return minAgreementLabels == null ? DEFAULT_MIN_AGREEMENT_LABELS : minAgreementLabels;
    }

    String scope() {
        return blockScope == null ? "job" : blockScope;
    }

    boolean rejects() {
        return rejectLabels == null || rejectLabels;
    }
}
