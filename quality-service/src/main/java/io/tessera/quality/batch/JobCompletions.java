package io.tessera.quality.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
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
 * algorithm. A job that completes again (after a verdict reopened items) is merged again.
 *
 * <p>The run takes its own transactions ({@link BatchMerges}: it publishes a big job in chunks), so the
 * consumer is {@linkplain EventConsumers#startSelfCommitting self-committing}: events one at a time,
 * outside any transaction, marked processed when the run has published everything. An event that comes
 * again after the service stopped (or failed) halfway resumes its stored run: every resolved item is
 * published once per run.
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
        consumers.startSelfCommitting(GROUP, List.of(Topics.JOBS), 1, this::apply);
    }

    void apply(EventEnvelope event) throws Exception {
        if (!QualityEvents.JobCompleted.TYPE.equals(event.type())) {
            LOG.debugf("Ignoring event type %s", event.type());
            return;
        }
        QualityEvents.JobCompleted completed = json.treeToValue(event.payload(), QualityEvents.JobCompleted.class);
        KnownJob job = QuarkusTransaction.requiringNew().call(() -> jobs.findById(completed.jobId()));
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
        BatchMerges.Completion run = merges.complete(job, policy.batchAlgorithmFor(job.kind), event.eventId());
        BatchMerges.Publication p = run.publication();
        LOG.infof("Job %s completed: %s %s %d items, %d labels changed; published %d items in %d transactions%s"
                + " (%.1f s: load %.1f s, fit %.1f s, publish %.1f s)", job.id, run.algorithm(),
                run.resumed() ? "run resumed," : "re-merged", run.items(), run.changed(), p.items(), p.transactions(),
                p.superseded() ? ", then stopped: a newer run of the job publishes" : "", run.totalSeconds(),
                run.loadSeconds(), run.fitSeconds(), p.seconds());
    }
}
