package io.tessera.quality.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.tessera.common.event.EventConsumers;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.Topics;
import io.tessera.quality.job.KnownJob;
import io.tessera.quality.job.KnownJobRepository;
import io.tessera.quality.live.Policy;
import io.tessera.quality.live.QualityEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Consumes task-service's {@code job.completed} (tessera.jobs, key: job id) and re-merges the job
 * with its batch algorithm (the policy's {@code batchAlgorithm}, else the kind's default: Dawid-Skene
 * for categorical and pairwise jobs, the reliability-weighted merge of the kind otherwise), publishing
 * the batch label of every resolved item as {@code item.resolved} with {@code mergedBy} = the
 * algorithm. Idempotent: {@link EventConsumers} records the event id in the same transaction as the
 * run and its outbox rows. A job that completes again (after a verdict reopened items) is merged
 * again.
 */
@ApplicationScoped
public class JobCompletions {
    private static final Logger LOG = Logger.getLogger(JobCompletions.class);
    public static final String GROUP = "quality-service-jobs";

    private final EventConsumers consumers;
    private final BatchMerges merges;
    private final KnownJobRepository jobs;
    private final ObjectMapper json;
    private final boolean enabled;

    public JobCompletions(EventConsumers consumers, BatchMerges merges, KnownJobRepository jobs, ObjectMapper json,
            @ConfigProperty(name = "tessera.quality.merge-on-completion") boolean enabled) {
        this.consumers = consumers;
        this.merges = merges;
        this.jobs = jobs;
        this.json = json;
        this.enabled = enabled;
    }

    void start(@Observes StartupEvent event) {
        consumers.start(GROUP, List.of(Topics.JOBS), 1, this::apply);
    }

    void apply(EventEnvelope event) throws Exception {
        if (!QualityEvents.JobCompleted.TYPE.equals(event.type())) {
            LOG.debugf("Ignoring event type %s", event.type());
            return;
        }
        QualityEvents.JobCompleted completed = json.treeToValue(event.payload(), QualityEvents.JobCompleted.class);
        KnownJob job = jobs.findById(completed.jobId());
        if (!enabled || job == null) {
            return; // nobody labeled it (quality-service never saw a submission), or switched off
        }
        if (!BatchMerges.supports(job.kind)) {
            LOG.debugf("Job %s completed; %s jobs have no batch merge and keep their live decisions", job.id, job.kind);
            return;
        }
        Policy policy = json.readValue(merges.policyJson(job.id), Policy.class);
        if (!merges.hasCountedLabels(job.id)) {
            return;
        }
        AggregationRun run = merges.run(job, new AggregationRequest(policy.batchAlgorithmFor(job.kind), true));
        LOG.infof("Job %s completed: %s re-merged %d items, %d labels changed", job.id, run.algorithm(), run.items(),
                run.changed());
    }
}
