package io.tessera.worker.skill;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

/** An admin's level for a skill, 0 to 1 inclusive. */
public record SetSkillRequest(@NotNull @DecimalMin("0.0") @DecimalMax("1.0") Double level) {
}
