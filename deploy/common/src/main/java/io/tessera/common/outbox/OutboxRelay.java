package io.tessera.common.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tessera.common.event.KafkaSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka, at least once (consumers deduplicate on the event id).
 *
 * <p>One relay per database works at a time, the one holding a session-level advisory lock on its
 * connection; the others try again every second, and the lock goes with the connection if its
 * instance dies. The leader reads a batch, sends it, waits for every acknowledgement, and then deletes
 * exactly those rows: two short autocommit statements, no transaction open while Kafka acknowledges.
 * (An open transaction holds back vacuum's horizon for the whole database: the relay that deleted in
 * the transaction that waited for Kafka kept dead index entries alive under the claim path, which
 * walks them.) A crash between sending and deleting sends those rows again.
 *
 * <p>Reads start after the last id sent, not at the front of the table, whose deleted rows leave dead
 * index entries until vacuum. Ids are taken at insert and rows appear at commit, so a row can commit
 * after a higher id was sent; a read from the front every {@code tessera.outbox.full-scan-interval}
 * finds it. Events are sent in id order except for such rows.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** The advisory lock of the relay leader (one per database: advisory locks are per database). Public for tests. */
    public static final long LEADER_LOCK = 0x7465_7373_6f75_7462L; // "tessoutb"
    private static final String TRY_LEAD = "SELECT pg_try_advisory_lock(?)";
    private static final String RESIGN = "SELECT pg_advisory_unlock(?)";
    private static final String READ_BATCH = """
            SELECT id, topic, event_key, envelope::text FROM outbox WHERE id > ? ORDER BY id LIMIT ?""";
    private static final String DELETE_SENT = "DELETE FROM outbox WHERE id = ANY (?)";

    private final DataSource dataSource;
    private final KafkaSettings kafka;
    private final int batchSize;
    private final Duration idleDelay;
    private final Duration fullScanInterval;
    private volatile boolean running;
    private Thread thread;

    public OutboxRelay(DataSource dataSource, KafkaSettings kafka,
            @ConfigProperty(name = "tessera.outbox.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "tessera.outbox.idle-delay", defaultValue = "PT0.05S") Duration idleDelay,
            @ConfigProperty(name = "tessera.outbox.full-scan-interval", defaultValue = "PT1S") Duration fullScanInterval) {
        this.dataSource = dataSource;
        this.kafka = kafka;
        this.batchSize = batchSize;
        this.idleDelay = idleDelay;
        this.fullScanInterval = fullScanInterval;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Lets the current batch finish (no interrupt: an interrupted KafkaProducer fails its close). */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(5_000);
        }
    }

    private void run() {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerConfig())) {
            while (running) {
                try (Connection c = dataSource.getConnection()) {
                    c.setAutoCommit(true);
                    if (lock(c, TRY_LEAD)) {
                        try {
                            lead(c, producer);
                        } finally {
                            lock(c, RESIGN); // the connection goes back to the pool: the lock must not go with it
                        }
                    } else {
                        sleep(Duration.ofSeconds(1)); // another instance relays this database
                    }
                } catch (Exception e) {
                    if (!running) {
                        return;
                    }
                    LOG.warnf("Outbox relay failed, will retry: %s", e.toString());
                    sleep(Duration.ofSeconds(1));
                }
            }
        }
    }

    private static boolean lock(Connection c, String sql) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setLong(1, LEADER_LOCK);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Relays until stopped or a failure; starts with a read from the front. */
    private void lead(Connection c, KafkaProducer<String, String> producer) throws Exception {
        long after = 0;
        long nextFullScan = 0;
        while (running) {
            if (System.nanoTime() - nextFullScan >= 0) {
                after = 0;
                nextFullScan = System.nanoTime() + fullScanInterval.toNanos();
            }
            long last = relayBatch(c, producer, after);
            if (last == 0) {
                sleep(idleDelay);
            } else {
                after = last;
            }
        }
    }

    /**
     * One batch of rows with ids above {@code after}: read, send, wait for every acknowledgement, delete.
     * Returns the last id sent, or 0 when there was nothing to send.
     */
    long relayBatch(Connection c, KafkaProducer<String, String> producer, long after) throws Exception {
        List<Long> ids = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (PreparedStatement read = c.prepareStatement(READ_BATCH)) {
            read.setLong(1, after);
            read.setInt(2, batchSize);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    acks.add(producer.send(new ProducerRecord<>(rs.getString(2), rs.getString(3), rs.getString(4))));
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
        try (PreparedStatement delete = c.prepareStatement(DELETE_SENT)) {
            delete.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            delete.executeUpdate();
        }
        return ids.get(ids.size() - 1);
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
