package io.tessera.task.job;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

@Converter(autoApply = true)
public class PurposeConverter implements AttributeConverter<Purpose, String> {
    @Override
    public String convertToDatabaseColumn(Purpose purpose) {
        return purpose == null ? null : purpose.json();
    }

    @Override
    public Purpose convertToEntityAttribute(String value) {
        return value == null ? null : Purpose.of(value);
    }
}
