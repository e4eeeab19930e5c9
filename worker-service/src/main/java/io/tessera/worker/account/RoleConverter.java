package io.tessera.worker.account;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores roles as the lower-case group names the table's check constraint lists. */
@Converter(autoApply = true)
public class RoleConverter implements AttributeConverter<Role, String> {
    @Override
    public String convertToDatabaseColumn(Role role) {
        return role == null ? null : role.group();
    }

    @Override
    public Role convertToEntityAttribute(String group) {
        return group == null ? null : Role.ofGroup(group);
    }
}
