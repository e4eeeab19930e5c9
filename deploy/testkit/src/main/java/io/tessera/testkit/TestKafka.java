package io.tessera.testkit;

import io.tessera.common.event.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A real Kafka broker for tests: a single KRaft node (broker + controller) in this JVM, started
 * once and shared by every test of the run. {@code KAFKA_BOOTSTRAP_SERVERS} points tests at an
 * existing cluster instead.
 */
public final class TestKafka {
    private static String bootstrapServers;
    /** Held so the levels stick: the in-process broker logs at INFO under these categories. */
    private static final java.util.List<java.util.logging.Logger> QUIET = java.util.stream.Stream
            .of("kafka", "org.apache.kafka", "state.change.logger")
            .map(java.util.logging.Logger::getLogger).toList();

    private TestKafka() {
    }

    /** The broker's address, starting it on first use; every platform topic exists on return. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            String given = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
            bootstrapServers = given != null && !given.isBlank() ? given : startInProcess();
            createTopics(bootstrapServers, Topics.PARTITIONS);
        }
        return bootstrapServers;
    }

    private static String startInProcess() {
        QUIET.forEach(logger -> logger.setLevel(java.util.logging.Level.WARNING));
        try {
            int port = freePort();
            int controllerPort = freePort();
            Path logDir = Files.createTempDirectory("tessera-kafka-");
            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            p.put("controller.listener.names", "CONTROLLER");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("log.dirs", logDir.toString());
            p.put("num.partitions", "1");
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "4");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
            Path config = logDir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                p.store(out, "tessera test broker");
            }
            String[] format = {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()};
            int formatted = StorageTool.execute(format, new PrintStream(OutputStream.nullOutputStream()));
            if (formatted != 0) {
                throw new IllegalStateException("kafka storage format failed: " + formatted);
            }
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(p), Time.SYSTEM);
            server.startup();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.shutdown();
                server.awaitShutdown();
            }, "test-kafka-shutdown"));
            return "127.0.0.1:" + port;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the test Kafka broker", e);
        }
    }

    /** Creates the topics that do not exist yet, with the given partition counts. */
    public static void createTopics(String bootstrapServers, Map<String, Integer> partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (Map.Entry<String, Integer> topic : partitions.entrySet()) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic.getKey(), topic.getValue(), (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + topic.getKey(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
