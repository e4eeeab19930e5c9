package io.tessera.task.job;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

@Converter(autoApply = true)
public class ScheduleConverter implements AttributeConverter<Schedule, String> {
    @Override
    public String convertToDatabaseColumn(Schedule schedule) {
        return schedule == null ? null : schedule.json();
    }

    @Override
    public Schedule convertToEntityAttribute(String value) {
        return value == null ? null : Schedule.of(value);
    }
}
