import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Makes sure every platform topic exists with at least its partition count, idempotently.
 * Run by deploy/kafka.sh with Java's single-file source launcher against the broker's jars:
 *
 * <pre>java -cp "deploy/.local/kafka/lib/*" deploy/kafka/EnsureTopics.java BOOTSTRAP TIMEOUT_SECONDS TOPICS_JAVA [REPLICATION]</pre>
 *
 * The topics and their partition counts are read from Topics.java (deploy/common), the one place
 * they are defined: every {@code static final String NAME = "topic"} constant that appears in the
 * {@code PARTITIONS} map as {@code NAME, count}. Waits up to TIMEOUT_SECONDS for the cluster to
 * answer (it doubles as the broker's readiness check). A missing topic is created (replication:
 * REPLICATION, or the cluster's default.replication.factor when omitted); an existing topic with
 * fewer partitions is grown (Kafka cannot shrink one: more is reported, not changed).
 * Extra client settings (SASL, TLS) can be given in a properties file named by KAFKA_ADMIN_CONFIG.
 * Exit codes: 0 done, 1 failed, 2 bad usage or unreadable Topics.java.
 */
public class EnsureTopics {
    private static final Pattern CONSTANT =
            Pattern.compile("static\\s+final\\s+String\\s+([A-Z0-9_]+)\\s*=\\s*\"([^\"]+)\"\\s*;");
    private static final Pattern PARTITIONS_MAP =
            Pattern.compile("PARTITIONS\\s*=\\s*Map\\.of\\(([^;]*)\\)\\s*;", Pattern.DOTALL);
    private static final Pattern ENTRY = Pattern.compile("([A-Z0-9_]+)\\s*,\\s*(\\d+)");

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: EnsureTopics BOOTSTRAP TIMEOUT_SECONDS TOPICS_JAVA [REPLICATION]");
            System.exit(2);
        }
        String bootstrap = args[0];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[1]));
        Map<String, Integer> wanted = parse(Files.readString(Path.of(args[2])));
        if (wanted.isEmpty()) {
            System.err.println("no topics found in " + args[2] + " (expected a PARTITIONS = Map.of(NAME, count, ...))");
            System.exit(2);
        }
        Optional<Short> replication = args.length > 3 ? Optional.of(Short.parseShort(args[3])) : Optional.empty();

        Properties config = new Properties();
        String extra = System.getenv("KAFKA_ADMIN_CONFIG");
        if (extra != null && !extra.isBlank()) {
            try (var in = Files.newInputStream(Path.of(extra))) {
                config.load(in);
            }
        }
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");

        try (Admin admin = Admin.create(config)) {
            Set<String> existing = awaitCluster(admin, bootstrap, deadline);
            boolean ok = true;
            for (Map.Entry<String, Integer> topic : wanted.entrySet()) {
                ok &= ensure(admin, topic.getKey(), topic.getValue(), replication, existing.contains(topic.getKey()));
            }
            System.exit(ok ? 0 : 1);
        }
    }

    static Map<String, Integer> parse(String source) {
        Map<String, String> constants = new LinkedHashMap<>();
        Matcher c = CONSTANT.matcher(source);
        while (c.find()) {
            constants.put(c.group(1), c.group(2));
        }
        Map<String, Integer> topics = new LinkedHashMap<>();
        Matcher map = PARTITIONS_MAP.matcher(source);
        if (map.find()) {
            Matcher e = ENTRY.matcher(map.group(1));
            while (e.find()) {
                String name = constants.get(e.group(1));
                if (name == null) {
                    throw new IllegalArgumentException("PARTITIONS names " + e.group(1) + ", which is no String constant");
                }
                topics.put(name, Integer.parseInt(e.group(2)));
            }
        }
        return topics;
    }

    /** Lists the topics, retrying until the cluster answers or the deadline passes. */
    private static Set<String> awaitCluster(Admin admin, String bootstrap, long deadline) throws InterruptedException {
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                return admin.listTopics().names().get(Math.max(200, Math.min(5000, left)), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                last = e;
                Thread.sleep(500);
            }
        }
        System.err.println("Kafka at " + bootstrap + " did not answer in time"
                + (last == null ? "" : ": " + (last.getCause() != null ? last.getCause() : last)));
        System.exit(1);
        return Set.of();
    }

    private static boolean ensure(Admin admin, String topic, int partitions, Optional<Short> replication, boolean exists)
            throws InterruptedException {
        try {
            if (!exists) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), replication))).all().get();
                    System.out.println("  created " + topic + " (" + partitions + " partitions)");
                    return true;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            int actual = description.partitions().size();
            if (actual < partitions) {
                admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all().get();
                System.out.println("  grew " + topic + " from " + actual + " to " + partitions + " partitions");
            } else if (actual > partitions) {
                System.out.println("  " + topic + " has " + actual + " partitions (more than the " + partitions
                        + " wanted; Kafka cannot shrink a topic, left as is)");
            } else {
                System.out.println("  " + topic + " exists (" + actual + " partitions)");
            }
            return true;
        } catch (ExecutionException e) {
            System.err.println("  could not ensure " + topic + ": " + e.getCause());
            return false;
        }
    }
}
