package io.tessera.worker.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.tessera.common.event.EventConsumers;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.EventHandler;
import io.tessera.common.event.Topics;
import io.tessera.worker.fraud.Activity;
import io.tessera.worker.fraud.ReleaseEvent;
import io.tessera.worker.job.KnownJobs;
import io.tessera.worker.pay.FairPay;
import io.tessera.worker.ledger.Ledger;
import io.tessera.worker.ledger.SubmissionEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/**
 * Consumes task-service's {@code tessera.submissions}: every {@code submission.created} books the
 * job's reward for the worker (once per submission id, also under a second event id) and is recorded
 * as a fact for fraud signals, like every {@code assignment.released} (a skip).
 */
@ApplicationScoped
public class SubmissionsConsumer {
    public static final String GROUP = "worker-service-earnings";

    private final EventConsumers consumers;
    private final ConsumerConfig config;
    private final ObjectMapper json;
    private final Ledger ledger;
    private final Activity activity;
    private final KnownJobs jobs;
    private final FairPay pay;

    public SubmissionsConsumer(EventConsumers consumers, ConsumerConfig config, ObjectMapper json, Ledger ledger,
            Activity activity, KnownJobs jobs, FairPay pay) {
        this.jobs = jobs;
        this.pay = pay;
        this.consumers = consumers;
        this.config = config;
        this.json = json;
        this.ledger = ledger;
        this.activity = activity;
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            consumers.start(GROUP, List.of(Topics.SUBMISSIONS), config.submissionsThreads(), handler());
        }
    }

    EventHandler handler() {
        return (EventHandler.SetWise) this::apply;
    }

    /** A transaction's events, a statement per table: a few statements however many events. */
    void apply(List<EventEnvelope> events) throws Exception {
        List<SubmissionEvent> submissions = new ArrayList<>();
        List<ReleaseEvent> releases = new ArrayList<>();
        for (EventEnvelope event : events) {
            switch (event.type()) {
                case SubmissionEvent.TYPE -> submissions.add(json.treeToValue(event.payload(), SubmissionEvent.class));
                case ReleaseEvent.TYPE -> releases.add(json.treeToValue(event.payload(), ReleaseEvent.class));
                default -> { }
            }
        }
        if (!submissions.isEmpty()) {
            ledger.reward(submissions);
            activity.submitted(submissions);
            jobs.recordKinds(submissions);
            pay.record(submissions);
        }
        if (!releases.isEmpty()) {
            activity.skipped(releases);
        }
    }
}
