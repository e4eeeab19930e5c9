package io.tessera.worker.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.tessera.common.event.EventConsumers;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.Topics;
import io.tessera.worker.ledger.Ledger;
import io.tessera.worker.ledger.SubmissionEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Consumes task-service's {@code tessera.submissions} for the earnings ledger: every
 * {@code submission.created} books the job's reward for the worker (once per submission id, also
 * under a second event id). Other types ({@code assignment.released}) are ignored.
 */
@ApplicationScoped
public class SubmissionsConsumer {
    public static final String GROUP = "worker-service-earnings";

    private final EventConsumers consumers;
    private final ConsumerConfig config;
    private final ObjectMapper json;
    private final Ledger ledger;

    public SubmissionsConsumer(EventConsumers consumers, ConsumerConfig config, ObjectMapper json, Ledger ledger) {
        this.consumers = consumers;
        this.config = config;
        this.json = json;
        this.ledger = ledger;
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            consumers.start(GROUP, List.of(Topics.SUBMISSIONS), config.submissionsThreads(), this::apply);
        }
    }

    void apply(EventEnvelope event) throws Exception {
        if (SubmissionEvent.TYPE.equals(event.type())) {
            ledger.reward(json.treeToValue(event.payload(), SubmissionEvent.class));
        }
    }
}
