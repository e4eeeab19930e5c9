package io.tessera.task.job;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** draft → running ⇄ paused → completed | cancelled. Stored and shown in lower case. */
public enum JobState {
    DRAFT, RUNNING, PAUSED, COMPLETED, CANCELLED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == COMPLETED || this == CANCELLED;
    }
}
