package io.tessera.worker.event;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code tessera.consumers.*}: worker-service's Kafka consumers. */
@ConfigMapping(prefix = "tessera.consumers")
public interface ConsumerConfig {
    /** Off only for tools that must not consume (the consumer group would take partitions from the service). */
    @WithDefault("true")
    boolean enabled();

    /** Members of group {@code worker-service-scores} per instance, on the 6 partitions of tessera.worker-scores. */
    @WithDefault("1")
    int scoresThreads();

    /** Members of group {@code worker-service-earnings} per instance, on the 12 partitions of tessera.submissions. */
    @WithDefault("2")
    int submissionsThreads();
}
