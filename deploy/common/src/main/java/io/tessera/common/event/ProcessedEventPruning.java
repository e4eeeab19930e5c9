package io.tessera.common.event;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Deletes {@code processed_event} rows once Kafka can no longer deliver their events again: otherwise
 * the table gains a row per consumed event forever. A row is kept for
 * {@code tessera.events.processed-retention} (15 days by default: Kafka's default {@code retention.ms}
 * of 7 days plus a {@code segment.ms} of 7, since Kafka deletes whole segments and a record outlives
 * its retention by up to a segment's age). A topic kept longer needs a longer retention here: an event
 * delivered again after its row is gone is applied twice.
 *
 * <p>Oldest first, in chunks of {@code tessera.events.prune-chunk} rows, each its own short
 * transaction (a long one would hold back the cluster's horizon; docs/easy-to-get-wrong.md), by the
 * index on {@code processed_at}. Instances may prune at the same time: they delete the same rows, and
 * one of them finds them gone.
 */
@ApplicationScoped
public class ProcessedEventPruning {
    private static final Logger LOG = Logger.getLogger(ProcessedEventPruning.class);
    private static final String PRUNE = """
            DELETE FROM processed_event WHERE event_id IN (
                SELECT event_id FROM processed_event WHERE processed_at < now() - make_interval(secs => ?)
                ORDER BY processed_at LIMIT ?)""";

    private final DataSource dataSource;
    private final Duration retention;
    private final int chunk;

    public ProcessedEventPruning(DataSource dataSource,
            @ConfigProperty(name = "tessera.events.processed-retention", defaultValue = "P15D") Duration retention,
            @ConfigProperty(name = "tessera.events.prune-chunk", defaultValue = "10000") int chunk) {
        if (retention.isNegative() || retention.isZero() || chunk < 1) {
            throw new IllegalArgumentException(
                    "tessera.events.processed-retention must be positive and tessera.events.prune-chunk at least 1");
        }
        this.dataSource = dataSource;
        this.retention = retention;
        this.chunk = chunk;
    }

    @Scheduled(every = "${tessera.events.prune-interval:1h}", delayed = "${tessera.events.prune-interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            long deleted = prune();
            if (deleted > 0) {
                LOG.infof("Pruned %d processed_event rows older than %s", deleted, retention);
            }
        } catch (SQLException e) {
            LOG.warnf("Pruning processed_event failed, will try again: %s", e.toString());
        }
    }

    /** Deletes every row older than the retention; returns how many. */
    public long prune() throws SQLException {
        long deleted = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement delete = c.prepareStatement(PRUNE)) {
            c.setAutoCommit(true);
            delete.setDouble(1, retention.toMillis() / 1000.0);
            delete.setInt(2, chunk);
            int n;
            do {
                n = delete.executeUpdate();
                deleted += n;
            } while (n == chunk);
        }
        return deleted;
    }
}
