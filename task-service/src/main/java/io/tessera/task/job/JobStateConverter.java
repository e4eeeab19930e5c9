package io.tessera.task.job;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Locale;

/** Keeps the column readable in SQL ({@code state = 'running'}), which the hot-path queries rely on. */
@Converter(autoApply = true)
public class JobStateConverter implements AttributeConverter<JobState, String> {
    @Override
    public String convertToDatabaseColumn(JobState state) {
        return state == null ? null : state.json();
    }

    @Override
    public JobState convertToEntityAttribute(String value) {
        return value == null ? null : JobState.valueOf(value.toUpperCase(Locale.ROOT));
    }
}
