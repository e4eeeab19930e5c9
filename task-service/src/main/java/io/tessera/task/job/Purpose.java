package io.tessera.task.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * What a job is for. A {@code labeling} job collects labels on its items, with gold mixed in at
 * {@code goldRate}. {@code exam} and {@code training} jobs consist of gold items only and are
 * claimed only by naming them: an exam serves each worker {@code examQuestions} questions per
 * attempt and never reveals an answer (worker-service scores the attempt and grants the
 * qualification); a training job serves each gold item once per worker and answers every submit
 * with the correct answer and its explanation.
 */
public enum Purpose {
    LABELING("labeling"), EXAM("exam"), TRAINING("training");

    private final String json;

    Purpose(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** Gold items only, served without regular work. */
    public boolean goldOnly() {
        return this != LABELING;
    }

    /** Unknown names map to null, so validation can name the field. */
    @JsonCreator
    public static Purpose of(String name) {
        return Arrays.stream(values()).filter(p -> p.json.equals(name)).findFirst().orElse(null);
    }
}
