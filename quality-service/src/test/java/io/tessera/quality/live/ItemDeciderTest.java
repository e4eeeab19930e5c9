package io.tessera.quality.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tessera.quality.live.ItemDecider.Outcome;
import io.tessera.quality.live.ItemDecider.Vote;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemDeciderTest {
    @Test
    void waitsUntilTheItemHasTheLabelsItNeeds() {
        assertThat(ItemDecider.decide(List.of(new Vote("w1", "a", 0.7)), 2, false, 2, null).outcome())
                .isEqualTo(Outcome.WAIT);
    }

    @Test
    void aReliableWorkerOutweighsTwoUnreliableOnes() {
        List<Vote> votes = List.of(new Vote("expert", "\"cat\"", 0.98), new Vote("n1", "\"dog\"", 0.55),
                new Vote("n2", "\"dog\"", 0.55));
        ItemDecider.Decision d = ItemDecider.decide(votes, 3, false, 3, 0.5);
        assertThat(d.outcome()).isEqualTo(Outcome.RESOLVE);
        assertThat(d.label()).as("with a target, the posterior decides").isEqualTo("\"cat\"");
        assertThat(ItemDecider.decide(votes, 3, false, 3, null).label()).as("without one, the majority")
                .isEqualTo("\"dog\"");
    }

    @Test
    void theOneCoinPosteriorKeepsMassForLabelsNobodyChose() {
        // Two agreeing workers at 0.7 over three labels: .49 / (.49 + 2 · .15² ... ) with (1-a)/(K-1) = .15
        var posterior = ItemDecider.oneCoin(List.of(new Vote("w1", "a", 0.7), new Vote("w2", "a", 0.7)), 3);
        double a = 0.49;
        double none = 0.15 * 0.15;
        assertThat(posterior.get("a")).isCloseTo(a / (a + 2 * none), within(1e-12));
    }

    @Test
    void aTieOrALowPosteriorAsksForMoreUnlessTheItemIsFull() {
        List<Vote> tie = List.of(new Vote("w1", "a", 0.7), new Vote("w2", "b", 0.7));
        assertThat(ItemDecider.decide(tie, 2, false, 2, null).outcome()).isEqualTo(Outcome.EXTEND);
        ItemDecider.Decision forced = ItemDecider.decide(tie, 2, true, 2, null);
        assertThat(forced.outcome()).isEqualTo(Outcome.RESOLVE);
        assertThat(forced.label()).as("ties resolve to the first label in order").isEqualTo("a");
        List<Vote> agree = List.of(new Vote("w1", "a", 0.7), new Vote("w2", "a", 0.7));
        assertThat(ItemDecider.decide(agree, 2, false, 2, 0.9).outcome()).isEqualTo(Outcome.EXTEND);
        assertThat(ItemDecider.decide(agree, 2, false, 2, 0.8).outcome()).isEqualTo(Outcome.RESOLVE);
    }

    @Test
    void otherKindsUseVoteShares() {
        List<Vote> votes = List.of(new Vote("w1", "[1,2]", 0.9), new Vote("w2", "[1,2]", 0.9), new Vote("w3", "[3]", 0.9));
        ItemDecider.Decision d = ItemDecider.decide(votes, 3, false, 0, null);
        assertThat(d.label()).isEqualTo("[1,2]");
        assertThat(d.confidence()).isCloseTo(2.0 / 3, within(1e-12));
    }
}
