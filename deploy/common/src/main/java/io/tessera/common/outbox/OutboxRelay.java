package io.tessera.common.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tessera.common.event.KafkaSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * Publishes outbox rows to Kafka. Safe with several instances: each batch is taken with
 * {@code FOR UPDATE SKIP LOCKED} and deleted in the same transaction that waits for Kafka's
 * acknowledgement, so a crash before commit leaves the rows for the next run (at-least-once;
 * consumers deduplicate on the event id).
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String TAKE_BATCH = """
            DELETE FROM outbox WHERE id IN (
                SELECT id FROM outbox ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING id, topic, event_key, envelope::text""";

    private final DataSource dataSource;
    private final KafkaSettings kafka;
    private final int batchSize;
    private final Duration idleDelay;
    private volatile boolean running;
    private Thread thread;

    public OutboxRelay(DataSource dataSource, KafkaSettings kafka,
            @ConfigProperty(name = "tessera.outbox.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "tessera.outbox.idle-delay", defaultValue = "PT0.05S") Duration idleDelay) {
        this.dataSource = dataSource;
        this.kafka = kafka;
        this.batchSize = batchSize;
        this.idleDelay = idleDelay;
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
                int sent;
                try {
                    sent = relayBatch(producer);
                } catch (Exception e) {
                    if (!running) {
                        return;
                    }
                    LOG.warnf("Outbox relay failed, will retry: %s", e.toString());
                    sent = 0;
                    sleep(Duration.ofSeconds(1));
                }
                if (sent == 0) {
                    sleep(idleDelay);
                }
            }
        }
    }

    /** One batch: take rows, send them, wait for every acknowledgement, then commit the delete. */
    int relayBatch(KafkaProducer<String, String> producer) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement take = c.prepareStatement(TAKE_BATCH)) {
                take.setInt(1, batchSize);
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                try (ResultSet rs = take.executeQuery()) {
                    while (rs.next()) {
                        acks.add(producer.send(new ProducerRecord<>(rs.getString(2), rs.getString(3), rs.getString(4))));
                    }
                }
                for (Future<RecordMetadata> ack : acks) {
                    ack.get();
                }
                c.commit();
                return acks.size();
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
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
