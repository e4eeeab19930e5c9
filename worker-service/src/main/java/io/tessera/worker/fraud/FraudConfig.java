package io.tessera.worker.fraud;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** {@code tessera.fraud.*}: when a worker's behaviour becomes a fraud signal, and what a signal does. */
@ConfigMapping(prefix = "tessera.fraud")
public interface FraudConfig {
    /** How often FraudScan runs ({@code 60s}; {@code off} disables it). */
    @WithDefault("60s")
    String interval();

    /** How far back a scan looks. */
    @WithDefault("PT24H")
    Duration window();

    /** Facts and sign-in addresses older than this are deleted. */
    @WithDefault("P7D")
    Duration retention();

    /**
     * fast-answers and one-answer look at a worker's latest this many answers in a job (within the window):
     * recent behaviour, and a scan whose cost does not grow with the workers' history.
     */
    @WithDefault("100")
    int recentAnswers();

    /** Answer-time floors per label kind: an answer faster than its kind's floor is "fast". Kinds without a floor are not checked. */
    Map<String, Duration> floor();

    /** fast-answers: at least this many answers with a duration in a job within the window … */
    @WithDefault("10")
    int fastMinAnswers();

    /** … of which at least this percentage is fast. */
    @WithDefault("50")
    int fastPercent();

    /** one-answer: at least this many regular (non-gold) answers in a job within the window, all the same label. */
    @WithDefault("20")
    int oneAnswerMin();

    /** skip-streak: this many skips since the worker's last submission (within the window). */
    @WithDefault("25")
    int skipStreak();

    /** shared-address: this many remote workers (no vendor) signed in from one address within the window. */
    @WithDefault("3")
    int sharedAddressAccounts();

    /**
     * What a newly detected signal does, per kind ({@code fast-answers}, {@code one-answer},
     * {@code skip-streak}, {@code shared-address}): {@code none} (default) or {@code block} (a block of
     * source fraud: in the job for signals about a job, on the platform for the others).
     */
    Map<String, String> policy();
}
