package io.tessera.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import io.tessera.common.event.EventConsumers.PollLoop;
import org.junit.jupiter.api.Test;

/** The poll loop survives what a loaded broker or database does to it, and loses no event. */
class PollLoopTest {
    private static final TopicPartition PARTITION = new TopicPartition("t", 0);

    /** A consumer whose first {@code failures} commits time out, as they did under load. */
    private static final class SlowBroker extends MockConsumer<String, String> {
        private final AtomicInteger failures;

        SlowBroker(int failures) {
            super("earliest");
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public synchronized void commitSync() {
            if (failures.getAndDecrement() > 0) {
                throw new TimeoutException("Timeout of 60000ms expired before successfully committing offsets");
            }
            super.commitSync();
        }
    }

    /** MockConsumer forgets records once polled; a broker keeps them: seeking back delivers them again. */
    private static final class Log extends MockConsumer<String, String> {
        private final List<ConsumerRecord<String, String>> log = new CopyOnWriteArrayList<>();

        Log() {
            super("earliest");
        }

        @Override
        public synchronized void addRecord(ConsumerRecord<String, String> record) {
            log.add(record);
            super.addRecord(record);
        }

        @Override
        public synchronized void seek(TopicPartition partition, long offset) {
            super.seek(partition, offset);
            log.stream().filter(r -> r.offset() >= offset).toList().forEach(super::addRecord);
        }
    }

    @Test
    void aCommitThatTimesOutDoesNotStopTheConsumer() throws Exception {
        SlowBroker consumer = new SlowBroker(2);
        List<String> applied = new CopyOnWriteArrayList<>();
        PollLoop loop = start(consumer, records -> records.forEach(r -> applied.add(r.value())));
        consumer.schedulePollTask(() -> consumer.addRecord(record(1, "b")));
        consumer.schedulePollTask(() -> consumer.addRecord(record(2, "c")));
        awaitSize(applied, 3);
        assertEquals(List.of("a", "b", "c"), applied);
        awaitCommitted(consumer, 3);
        stop(loop);
    }

    @Test
    void aBatchThatFailsIsPolledAgainAndAppliedOnce() throws Exception {
        Log consumer = new Log();
        List<String> applied = new CopyOnWriteArrayList<>();
        AtomicInteger failures = new AtomicInteger(2); // e.g. the database is down for two attempts
        PollLoop loop = start(consumer, records -> {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("connection refused");
            }
            records.forEach(r -> applied.add(r.value()));
        });
        consumer.schedulePollTask(() -> { });
        consumer.schedulePollTask(() -> { });
        consumer.schedulePollTask(() -> consumer.addRecord(record(1, "b")));
        awaitSize(applied, 2);
        assertEquals(List.of("a", "b"), applied);
        awaitCommitted(consumer, 2);
        stop(loop);
    }

    private static PollLoop start(MockConsumer<String, String> consumer,
            java.util.function.Consumer<ConsumerRecords<String, String>> applier) {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(PARTITION));
            consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
            consumer.addRecord(record(0, "a"));
        });
        PollLoop loop = new PollLoop(consumer, List.of("t"), applier, 20);
        Thread t = new Thread(loop, "poll-loop-test");
        t.setDaemon(true);
        t.start();
        return loop;
    }

    private static ConsumerRecord<String, String> record(long offset, String value) {
        return new ConsumerRecord<>("t", 0, offset, "k", value);
    }

    private static void awaitSize(List<String> applied, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (applied.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static void awaitCommitted(MockConsumer<String, String> consumer, long offset) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long committed = -1;
        while (System.nanoTime() < deadline) {
            var c = consumer.committed(Set.of(PARTITION)).get(PARTITION);
            committed = c == null ? -1 : c.offset();
            if (committed == offset) {
                return;
            }
            Thread.sleep(10);
        }
        assertEquals(offset, committed, "committed offset");
    }

    private static void stop(PollLoop loop) {
        loop.stop();
        assertFalse(loop.running());
    }
}
