package io.tessera.common.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs idempotent Kafka consumers. The events of one poll are applied in transactions of at most
 * {@code tessera.events.max-per-transaction} events: one statement records their ids in
 * {@code processed_event}, and the handler gets the events whose ids were new there
 * ({@link EventHandler#handleAll}); a redelivered event finds its id and is skipped. If a transaction
 * fails, its events are applied one transaction each, so one bad event cannot hold back the others.
 * Offsets are committed only after the events of a poll are applied (at-least-once delivery,
 * exactly-once effect). An event that keeps failing goes to
 * {@code dead_letter} after {@value #ATTEMPTS} attempts so it cannot stall its partition forever.
 * A consumer never stops by itself ({@link PollLoop}).
 *
 * <p>{@link #startSelfCommitting} is for events whose work does not fit one transaction (a whole
 * job's batch merge): each event is handled on its own, outside any transaction, and marked
 * processed after the handler returns.
 */
@ApplicationScoped
public class EventConsumers {
    private static final Logger LOG = Logger.getLogger(EventConsumers.class);
    static final int ATTEMPTS = 5;
    /** The longest wait after a failed poll, batch or commit before polling again (short, for shutdown). */
    static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final String MARK_PROCESSED = """
            INSERT INTO processed_event (event_id) SELECT unnest(?::uuid[])
            ON CONFLICT DO NOTHING RETURNING event_id""";
    private static final String IS_PROCESSED = "SELECT 1 FROM processed_event WHERE event_id = ?";
    private static final String DEAD_LETTER = """
            INSERT INTO dead_letter (topic, kafka_partition, kafka_offset, record_value, error)
            VALUES (?, ?, ?, ?, ?)""";

    private final KafkaSettings kafka;
    private final DataSource dataSource;
    private final ObjectMapper json;
    private final int maxPerTransaction;
    private final List<PollLoop> loops = new CopyOnWriteArrayList<>();
    private final List<Thread> pollers = new CopyOnWriteArrayList<>();

    /**
     * @param maxPerTransaction events applied in one transaction at most. A consumer that keeps up gets
     *     small polls and commits them whole; one that falls behind gets larger ones and so commits less
     *     often per event, with no wait added (docs/performance.md, session 8: 100 instead of 10 cut
     *     quality-service's and worker-service's commits per label by more than half under load). Bounded on
     *     purpose: every database on the cluster shares one horizon through the snapshots' xmin, so a
     *     consumer's long transaction, even in another service's database, keeps the dead index entries
     *     each claim walks from being marked dead (session 4: whole polls of 200 applied event by event
     *     took up to 6 s; the busy topics' handlers now write set-wise)
     */
    public EventConsumers(KafkaSettings kafka, DataSource dataSource, ObjectMapper json,
            @ConfigProperty(name = "tessera.events.max-per-transaction", defaultValue = "100") int maxPerTransaction) {
        if (maxPerTransaction < 1) {
            throw new IllegalArgumentException("tessera.events.max-per-transaction must be at least 1");
        }
        this.kafka = kafka;
        this.dataSource = dataSource;
        this.json = json;
        this.maxPerTransaction = maxPerTransaction;
    }

    /** The most events applied in one transaction. */
    public int maxPerTransaction() {
        return maxPerTransaction;
    }

    /** Starts {@code threads} members of consumer group {@code groupId} on {@code topics}. */
    public void start(String groupId, Collection<String> topics, int threads, EventHandler handler) {
        launch(groupId, topics, threads, handler, false);
    }

    /**
     * Starts consumers whose handler runs outside any transaction, one event at a time, and commits its
     * own steps: for work that would not fit one transaction (its timeout, its locks, all-or-nothing
     * retries). The event is marked processed after the handler returns, so a handler is skipped for an
     * event it finished, but it runs again for an event it had not finished when the service stopped
     * or it failed: it must be idempotent by itself, and should resume rather than start over. Failures
     * are retried and dead-lettered as with {@link #start(String, Collection, int, EventHandler)}.
     */
    public void startSelfCommitting(String groupId, Collection<String> topics, int threads, EventHandler handler) {
        launch(groupId, topics, threads, handler, true);
    }

    private void launch(String groupId, Collection<String> topics, int threads, EventHandler handler,
            boolean selfCommitting) {
        for (int i = 0; i < threads; i++) {
            Applier applier = new Applier(handler, selfCommitting);
            PollLoop loop = new PollLoop(new KafkaConsumer<>(kafka.consumerConfig(groupId)), topics, applier::applyBatch,
                    MAX_BACKOFF_MILLIS);
            applier.loop = loop;
            loops.add(loop);
            Thread t = new Thread(loop, "consumer-" + groupId + "-" + i);
            t.setDaemon(true);
            pollers.add(t);
            t.start();
        }
    }

    /** Stops polling and waits for the batches in flight, while the application can still run them. */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        loops.forEach(PollLoop::stop);
        for (Thread t : pollers) {
            t.join(10_000);
        }
    }

    /**
     * One consumer's poll loop. It never stops on its own: a failed batch (the database is down, say)
     * is rewound and polled again after a backoff, and a failed offset commit (a slow or restarting
     * broker) is logged and left to the next commit, since applied events are recorded in
     * {@code processed_event} and skipped if delivered again. Before this, one commit timeout under
     * load stopped a service's consumer for good.
     */
    static final class PollLoop implements Runnable {
        private final Consumer<String, String> consumer;
        private final Collection<String> topics;
        private final java.util.function.Consumer<ConsumerRecords<String, String>> applier;
        private final long maxBackoffMillis;
        private volatile boolean running = true;

        PollLoop(Consumer<String, String> consumer, Collection<String> topics,
                java.util.function.Consumer<ConsumerRecords<String, String>> applier, long maxBackoffMillis) {
            this.consumer = consumer;
            this.topics = topics;
            this.applier = applier;
            this.maxBackoffMillis = maxBackoffMillis;
        }

        boolean running() {
            return running;
        }

        void stop() {
            running = false;
            consumer.wakeup();
        }

        @Override
        public void run() {
            try (consumer) {
                consumer.subscribe(topics);
                long backoff = 0;
                while (running) {
                    ConsumerRecords<String, String> records = ConsumerRecords.empty();
                    try {
                        records = consumer.poll(Duration.ofMillis(500));
                        if (!records.isEmpty()) {
                            applier.accept(records);
                            commit();
                        }
                        backoff = 0;
                    } catch (WakeupException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        backoff = Math.min(maxBackoffMillis, Math.max(100, backoff * 2));
                        LOG.errorf(e, "Consumer on %s failed; polling the unfinished batch again in %d ms", topics, backoff);
                        rewind(records);
                        pause(backoff);
                    }
                }
            } catch (WakeupException e) {
                // stop() was called
            }
        }

        private void commit() {
            try {
                consumer.commitSync();
            } catch (CommitFailedException | RetriableException e) {
                LOG.warnf("Offsets on %s not committed (%s); the events are applied and will be skipped if delivered again",
                        topics, e.toString());
            }
        }

        /** The next poll starts again at this batch's first record, in each partition still ours. */
        private void rewind(ConsumerRecords<String, String> records) {
            for (TopicPartition partition : records.partitions()) {
                try {
                    consumer.seek(partition, records.records(partition).get(0).offset());
                } catch (IllegalStateException e) {
                    // no longer assigned to this consumer: its new owner starts from the committed offset
                }
            }
        }

        void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    /**
     * Applies one poll's events in transactions of at most {@code maxPerTransaction}, each one's events one
     * by one when it fails; a self-committing handler's events always one by one, outside any transaction.
     */
    private final class Applier {
        private final EventHandler handler;
        private final boolean selfCommitting;
        private PollLoop loop;

        Applier(EventHandler handler, boolean selfCommitting) {
            this.handler = handler;
            this.selfCommitting = selfCommitting;
        }

        private void applyBatch(ConsumerRecords<String, String> records) {
            List<ConsumerRecord<String, String>> readable = new java.util.ArrayList<>();
            List<EventEnvelope> events = new java.util.ArrayList<>();
            for (ConsumerRecord<String, String> record : records) {
                try {
                    events.add(json.readValue(record.value(), EventEnvelope.class));
                    readable.add(record);
                } catch (Exception e) {
                    deadLetter(record, "unreadable envelope: " + e.getMessage());
                }
            }
            if (selfCommitting) {
                for (int i = 0; i < events.size(); i++) {
                    applyWithRetries(readable.get(i), events.get(i));
                }
            } else {
                for (int from = 0; from < events.size(); from += maxPerTransaction) {
                    int to = Math.min(events.size(), from + maxPerTransaction);
                    List<EventEnvelope> chunk = events.subList(from, to);
                    try {
                        QuarkusTransaction.requiringNew().run(() -> apply(chunk));
                    } catch (RuntimeException e) {
                        LOG.debugf("A transaction of %d events failed (%s); applying them one by one", chunk.size(), e);
                        for (int i = from; i < to; i++) {
                            applyWithRetries(readable.get(i), events.get(i));
                        }
                    }
                }
            }
            try {
                handler.afterCommit();
            } catch (Exception e) {
                LOG.warnf(e, "Follow-up of a committed batch failed; its events stay applied");
            }
        }

        private void applyWithRetries(ConsumerRecord<String, String> record, EventEnvelope event) {
            for (int attempt = 1; ; attempt++) {
                try {
                    if (selfCommitting) {
                        applyOutsideTransactions(event);
                    } else {
                        QuarkusTransaction.requiringNew().run(() -> apply(List.of(event)));
                    }
                    return;
                } catch (RuntimeException e) {
                    if (selfCommitting && !loop.running()) {
                        // Stopping (its work may have failed because the service shuts down): not dead-lettered;
                        // the poll is not committed, so the event comes again and its handler resumes.
                        throw e;
                    }
                    if (attempt >= ATTEMPTS || !loop.running()) {
                        LOG.errorf(e, "Event %s (%s) failed %d times", event.eventId(), event.type(), attempt);
                        deadLetter(record, String.valueOf(e));
                        return;
                    }
                    LOG.warnf("Event %s (%s) failed, retrying: %s", event.eventId(), event.type(), e);
                    loop.pause(100L * attempt);
                }
            }
        }

        /** In the caller's transaction: the handler gets the events not applied before, in order, each once. */
        private void apply(List<EventEnvelope> events) {
            Set<UUID> fresh = new HashSet<>();
            try (Connection c = dataSource.getConnection(); PreparedStatement mark = c.prepareStatement(MARK_PROCESSED)) {
                mark.setArray(1, c.createArrayOf("uuid", events.stream().map(EventEnvelope::eventId).toArray()));
                try (ResultSet rs = mark.executeQuery()) {
                    while (rs.next()) {
                        fresh.add(rs.getObject(1, UUID.class));
                    }
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            // remove(): an event delivered twice in one poll is applied once
            List<EventEnvelope> toApply = events.stream().filter(e -> fresh.remove(e.eventId())).toList();
            if (!toApply.isEmpty()) {
                handle(toApply);
            }
        }

        /**
         * Without a transaction around it: skipped if marked processed, marked once the handler returned. No
         * connection is held while the handler runs.
         */
        private void applyOutsideTransactions(EventEnvelope event) {
            try {
                try (Connection c = dataSource.getConnection(); PreparedStatement seen = c.prepareStatement(IS_PROCESSED)) {
                    seen.setObject(1, event.eventId());
                    try (ResultSet rs = seen.executeQuery()) {
                        if (rs.next()) {
                            return;
                        }
                    }
                }
                handle(List.of(event));
                try (Connection c = dataSource.getConnection(); PreparedStatement mark = c.prepareStatement(MARK_PROCESSED)) {
                    mark.setArray(1, c.createArrayOf("uuid", new Object[] {event.eventId()}));
                    mark.executeQuery().close();
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * Runs the handler. Events whose handling runs out of memory fail like any other (retried, then
         * dead-lettered): the OutOfMemoryError would otherwise end the consumer's thread, and the service would
         * stop consuming the topic without a trace in {@code dead_letter}. Their objects are unreachable once the
         * error has left the handler.
         */
        private void handle(List<EventEnvelope> events) {
            try {
                handler.handleAll(events);
            } catch (RuntimeException e) {
                throw e;
            } catch (OutOfMemoryError e) {
                EventEnvelope first = events.get(0);
                throw new IllegalStateException("out of memory handling " + first.type() + " " + first.eventId()
                        + (events.size() > 1 ? " and " + (events.size() - 1) + " more" : ""), e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private void deadLetter(ConsumerRecord<String, String> record, String error) {
            QuarkusTransaction.requiringNew().run(() -> {
                try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(DEAD_LETTER)) {
                    insert.setString(1, record.topic());
                    insert.setInt(2, record.partition());
                    insert.setLong(3, record.offset());
                    insert.setString(4, record.value());
                    insert.setString(5, error);
                    insert.executeUpdate();
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

    }
}
