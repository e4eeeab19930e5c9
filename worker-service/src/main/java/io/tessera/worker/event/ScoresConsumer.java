package io.tessera.worker.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.tessera.common.event.EventConsumers;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.Topics;
import io.tessera.worker.floor.AgreementEvent;
import io.tessera.worker.floor.Agreements;
import io.tessera.worker.floor.Scores;
import io.tessera.worker.qualification.Exams;
import io.tessera.worker.qualification.ScoredEvent;
import io.tessera.worker.verdict.VerdictEvent;
import io.tessera.worker.verdict.Verdicts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Consumes quality-service's {@code tessera.worker-scores} (key: worker id) with the shared
 * {@link EventConsumers}: each event is applied once, in one transaction with its event id.
 */
@ApplicationScoped
public class ScoresConsumer {
    private static final Logger LOG = Logger.getLogger(ScoresConsumer.class);
    public static final String GROUP = "worker-service-scores";

    private final EventConsumers consumers;
    private final ConsumerConfig config;
    private final ObjectMapper json;
    private final Verdicts verdicts;
    private final Exams exams;
    private final Scores scores;
    private final Agreements agreements;

    public ScoresConsumer(EventConsumers consumers, ConsumerConfig config, ObjectMapper json, Verdicts verdicts,
            Exams exams, Scores scores, Agreements agreements) {
        this.consumers = consumers;
        this.config = config;
        this.json = json;
        this.verdicts = verdicts;
        this.exams = exams;
        this.scores = scores;
        this.agreements = agreements;
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            consumers.start(GROUP, List.of(Topics.WORKER_SCORES), config.scoresThreads(), this::apply);
        }
    }

    void apply(EventEnvelope event) throws Exception {
        switch (event.type()) {
            case VerdictEvent.TYPE -> verdicts.apply(json.treeToValue(event.payload(), VerdictEvent.class),
                    event.occurredAt());
            case ScoredEvent.TYPE -> {
                ScoredEvent scored = json.treeToValue(event.payload(), ScoredEvent.class);
                scores.scored(scored, event.occurredAt());
                exams.onScored(scored, event.occurredAt());
            }
            case AgreementEvent.TYPE -> agreements.apply(json.treeToValue(event.payload(), AgreementEvent.class),
                    event.occurredAt());
            default -> LOG.debugf("Ignoring event type %s", event.type());
        }
    }
}
