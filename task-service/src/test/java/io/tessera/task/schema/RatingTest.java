package io.tessera.task.schema;

import static io.tessera.task.schema.Fixtures.accepts;
import static io.tessera.task.schema.Fixtures.hasProblem;
import static io.tessera.task.schema.Fixtures.invalid;
import static io.tessera.task.schema.Fixtures.rejects;
import static io.tessera.task.schema.Fixtures.schema;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RatingTest {
    private static final LabelSchema LIKERT = schema("{'kind': 'rating', 'min': 1, 'max': 5, 'scale': 'ordinal'}");
    private static final LabelSchema PERCENT = schema("{'kind': 'rating', 'min': 0, 'max': 100, 'scale': 'interval'}");
    private static final LabelSchema HALVES = schema("{'kind': 'rating', 'min': 0, 'max': 10, 'step': 0.5, 'scale': 'interval'}");

    @Test
    void anOrdinalScaleTakesItsPointsOnly() {
        assertThat(LIKERT.step()).isEqualByComparingTo(BigDecimal.ONE);
        for (String value : new String[] {"1", "3", "5", "4.0"}) {
            accepts(LIKERT, value, null);
        }
    }

    @Test
    void anIntervalScaleTakesAnyNumberInRangeOrItsStepsWhenItHasOne() {
        accepts(PERCENT, "0", null);
        accepts(PERCENT, "33.333", null);
        accepts(PERCENT, "100", null);
        accepts(HALVES, "7.5", null);
        rejects(HALVES, "7.3", null, "label", "must be one of 0, 0.5, 1, …, 10 (steps of 0.5 from 0); got 7.3");
    }

    @Test
    void stepsAreExactDecimals() {
        LabelSchema tenths = schema("{'kind': 'rating', 'min': 0, 'max': 1, 'step': 0.1, 'scale': 'ordinal'}");
        accepts(tenths, "0.3", null); // 0.1 + 0.1 + 0.1 != 0.3 in doubles
        accepts(tenths, "0.7", null);
        rejects(tenths, "0.35", null, "label", "got 0.35");
    }

    static Stream<Arguments> invalidLabels() {
        return Stream.of(
                invalid("number as a string", "'3'", "label", "must be a number from 1 to 5 in steps of 1; got a string"),
                invalid("below min", "0", "label", "must be from 1 to 5 in steps of 1; got 0"),
                invalid("above max", "6", "label", "got 6"),
                invalid("between points", "2.5", "label", "must be one of 1, 2, 3, 4, 5; got 2.5"),
                invalid("array", "[3]", "label", "got an array"),
                invalid("object", "{'value': 3}", "label", "got an object"),
                invalid("boolean", "true", "label", "got a boolean"),
                invalid("too large to be exact", "1e400", "label", "with too many digits"),
                invalid("null", "null", "label", "is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidLabels")
    void refusesWithTheFieldAndWhatIsExpected(String shape, String label, String field, String message) {
        rejects(LIKERT, label, null, field, message);
    }

    @Test
    void schemaProblems() {
        hasProblem("{'kind': 'rating', 'max': 5, 'scale': 'ordinal'}", "schema.min", "is required: the lowest value");
        hasProblem("{'kind': 'rating', 'min': 1, 'scale': 'ordinal'}", "schema.max", "is required");
        hasProblem("{'kind': 'rating', 'min': 5, 'max': 1, 'scale': 'interval'}", "schema.max", "must be greater than min (5); got 1");
        hasProblem("{'kind': 'rating', 'min': 1, 'max': 1, 'scale': 'interval'}", "schema.max", "must be greater than min");
        hasProblem("{'kind': 'rating', 'min': 1, 'max': 5}", "schema.scale", "is required: \"ordinal\"");
        hasProblem("{'kind': 'rating', 'min': 1, 'max': 5, 'scale': 'likert'}", "schema.scale", "got 'likert'");
        hasProblem("{'kind': 'rating', 'min': 0, 'max': 5, 'step': 0, 'scale': 'interval'}", "schema.step", "must be greater than 0");
        hasProblem("{'kind': 'rating', 'min': 0, 'max': 5, 'step': -1, 'scale': 'ordinal'}", "schema.step", "got -1");
        hasProblem("{'kind': 'rating', 'min': 0, 'max': 5, 'step': 2, 'scale': 'ordinal'}", "schema.max",
                "must be min plus a whole number of steps of 2");
        hasProblem("{'kind': 'rating', 'min': 0.5, 'max': 5, 'scale': 'ordinal'}", "schema.max", "steps of 1");
        hasProblem("{'kind': 'rating', 'min': 0, 'max': 1e400, 'scale': 'interval'}", "schema.max", "at most 30 digits");
        hasProblem("{'kind': 'rating', 'min': 1, 'max': 5, 'scale': 'ordinal', 'labels': ['a', 'b']}", "schema.labels",
                "is not used by kind rating");
    }

    @Test
    void longScalesAreSummarised() {
        LabelSchema hundred = schema("{'kind': 'rating', 'min': 0, 'max': 100, 'scale': 'ordinal'}");
        rejects(hundred, "50.5", null, "label", "must be one of 0, 1, 2, …, 100 (steps of 1 from 0); got 50.5");
    }
}
