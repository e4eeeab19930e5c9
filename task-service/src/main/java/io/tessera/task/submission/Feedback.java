package io.tessera.task.submission;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.task.schema.Pairwise;

/**
 * What a training job's submit answers with, so the worker sees why on a miss: whether the label
 * was right, the correct answer (as the worker saw the task: a flipped pairwise task shows the
 * answer flipped too) and the gold item's explanation. Never sent for labeling or exam jobs.
 * "Right" is the same test quality-service scores gold with: the label equals the answer.
 */
public record Feedback(boolean correct, JsonNode answer, String explanation) {
    static Feedback of(JsonNode storedLabel, JsonNode goldAnswer, String explanation, boolean flipped) {
        return new Feedback(storedLabel.equals(goldAnswer), Pairwise.unflip(goldAnswer, flipped), explanation);
    }
}
