package io.tessera.quality.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.quality.aggregation.AggregationResult;
import io.tessera.quality.aggregation.Answers;
import io.tessera.quality.aggregation.DawidSkene;
import io.tessera.quality.aggregation.MajorityVote;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticCrowdTest {
    @Test
    void aSeededCrowdIsReproducibleWithDistinctWorkersPerItemAndDawidSkeneBeatsMajorityVote() {
        SyntheticCrowd crowd = SyntheticCrowd.generate(50_000, 5, 200, 3, 7);
        Answers a = crowd.answers;
        assertThat(a.size()).isEqualTo(50_000);
        assertThat(a.itemCount()).isEqualTo(10_000);
        assertThat(a.labels()).containsExactly("0", "1", "2");
        for (int t = 0; t < a.itemCount(); t++) {
            Set<Integer> workers = new HashSet<>();
            for (int r = a.itemStart(t); r < a.itemStart(t + 1); r++) {
                workers.add(a.workerOf()[r]);
            }
            assertThat(workers).hasSize(5);
        }
        assertThat(SyntheticCrowd.generate(50_000, 5, 200, 3, 7).answers.labelOf()).isEqualTo(a.labelOf());
        assertThat(a.item(17)).isEqualTo("t17");
        assertThat(a.itemId("t17")).as("names resolve on demand").isEqualTo(17);
        assertThat(a.workerId("w3")).isEqualTo(3);

        double mv = accuracy(new MajorityVote().fit(a), crowd.truth);
        double ds = accuracy(new DawidSkene().fit(a), crowd.truth);
        assertThat(ds).as("DS %.4f vs MV %.4f", ds, mv).isGreaterThan(mv + 0.01);
    }

    @Test
    void encodedAnswersCheckTheirInput() {
        assertThatThrownBy(() -> Answers.encoded(1, 1, List.of("b", "a"), new int[] {0}, new int[] {0}, new int[] {0}))
                .hasMessageContaining("label order");
        assertThatThrownBy(() -> Answers.encoded(1, 1, List.of("a"), new int[] {1}, new int[] {0}, new int[] {0}))
                .hasMessageContaining("row 0");
    }

    @Test
    void theBenchmarkPrintsTimeAccuracyAndHeapPerAlgorithm() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Benchmark.synthetic(20_000, 5, 100, 3, 1, List.of("mv", "ds"), 1, new PrintStream(bytes, true,
                StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("20,000 labels").contains("| mv | ").contains("| ds | ").contains("MiB");
    }

    private static double accuracy(AggregationResult r, int[] truth) {
        int right = 0;
        for (int t = 0; t < truth.length; t++) {
            if (r.labelIndex(t) == truth[t]) {
                right++;
            }
        }
        return (double) right / truth.length;
    }
}
