package io.tessera.quality.agreement;

import java.util.OptionalDouble;

/**
 * An agreement coefficient that may be undefined (for example Cohen's kappa when both raters use one label only, so
 * the chance agreement is 1). An undefined coefficient has {@code value = NaN} and a reason; {@link #orNull()} gives
 * {@code null} for JSON instead of NaN.
 *
 * @param metric          name, e.g. {@code "cohen_kappa_linear"}
 * @param value           the coefficient, NaN when undefined
 * @param undefinedReason why it is undefined, or null
 */
public record Coefficient(String metric, double value, String undefinedReason) {

    public static Coefficient of(String metric, double value) {
        return new Coefficient(metric, value, null);
    }

    public static Coefficient undefined(String metric, String reason) {
        return new Coefficient(metric, Double.NaN, reason);
    }

    public boolean isDefined() {
        return undefinedReason == null;
    }

    public OptionalDouble asOptional() {
        return isDefined() ? OptionalDouble.of(value) : OptionalDouble.empty();
    }

    /** The value, or null when undefined: what a JSON body should carry. */
    public Double orNull() {
        return isDefined() ? value : null;
    }

    @Override
    public String toString() {
        return isDefined() ? metric + "=" + value : metric + "=undefined (" + undefinedReason + ")";
    }
}
