package dev.brokertuner.agent.daemon.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brokertuner.report.ReportKey;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces each queued report to the reports topic: the report's JSON as the value (the producer compresses whole
 * batches with zstd), {@code cluster/host} as the key ({@link ReportKey}, so one host's reports stay on one
 * partition and in order) and the report id in a header. The producer is idempotent with {@code acks=all}; a report
 * counts as delivered only when the cluster acknowledged it, and the {@link Publisher} removes it from the outbox
 * only then. {@code max.block.ms} and {@code delivery.timeout.ms} are bounded so a dead cluster turns into a retry
 * within seconds, never a blocked daemon. The agent creates no topic: before its first send it checks that the topic
 * exists (an Admin describe) and retries, saying so, while it does not; a broker with
 * {@code auto.create.topics.enable=true} would otherwise create it with the broker's defaults.
 */
public final class KafkaTransport implements Transport {
    /** Settings the agent fixes whatever the properties file says: delivery guarantees and bounded blocking. */
    static final Map<String, String> FIXED = Map.of(
            "acks", "all",
            "enable.idempotence", "true",
            "max.in.flight.requests.per.connection", "5",
            "max.block.ms", "10000",
            "request.timeout.ms", "10000",
            "delivery.timeout.ms", "30000");

    private final Vertx vertx;
    private final String bootstrap;
    private final String topic;
    private final Properties userProperties;
    private final ObjectMapper mapper = new ObjectMapper();
    /** Touched by worker threads (send) and, to drop it, the event loop: never held under a lock. */
    private final AtomicReference<KafkaProducer<String, byte[]>> producer = new AtomicReference<>();
    /** Created and used on worker threads only (and closed at stop). */
    private Admin admin;
    private volatile boolean topicSeen;

    /**
     * @param userProperties the {@code collector.kafka.config} file's properties (SASL/TLS), may be empty
     */
    public KafkaTransport(Vertx vertx, String bootstrap, String topic, Properties userProperties) {
        this.vertx = vertx;
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.userProperties = userProperties;
    }

    /** Reads a producer properties file (SASL/TLS); the caller checked it is readable. */
    public static Properties load(java.nio.file.Path file) throws IOException {
        Properties p = new Properties();
        if (file != null) {
            try (InputStream in = java.nio.file.Files.newInputStream(file)) {
                p.load(in);
            }
        }
        return p;
    }

    /** The producer's configuration: the user's file, then the bootstrap servers and the fixed settings. */
    Properties producerConfig() {
        Properties p = new Properties();
        p.putAll(userProperties);
        p.put("bootstrap.servers", bootstrap);
        p.putIfAbsent("compression.type", "zstd");
        p.putIfAbsent("linger.ms", "5");
        p.putIfAbsent("client.id", "broker-tuner-agent");
        p.putAll(FIXED);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        return p;
    }

    @Override
    public String target() {
        return "kafka topic " + topic + " on " + bootstrap;
    }

    @Override
    public Future<Sent> send(Outbox.Entry entry, byte[] gzipBody) {
        Context context = vertx.getOrCreateContext();
        Promise<Sent> done = Promise.promise();
        vertx.executeBlocking(() -> {
            byte[] json = gunzip(gzipBody);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key(json), json);
            record.headers().add("reportId", entry.reportId().getBytes(StandardCharsets.UTF_8));
            record.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            KafkaProducer<String, byte[]> p = ready();
            p.send(record, (meta, e) -> context.runOnContext(v -> done.complete(outcome(e))));
            return null;
        }, false).onFailure(e -> done.tryComplete(outcome(e)));
        return done.future();
    }

    /** The producer, once the topic is known to exist; throws a sentence when it does not or cannot be told. */
    private synchronized KafkaProducer<String, byte[]> ready() throws Exception {
        if (!topicSeen) {
            if (admin == null) {
                Properties a = new Properties();
                a.putAll(userProperties);
                a.put("bootstrap.servers", bootstrap);
                a.put("request.timeout.ms", "10000");
                a.put("default.api.timeout.ms", "10000");
                a.put("client.id", "broker-tuner-agent-admin");
                admin = Admin.create(a);
            }
            try {
                admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    throw new NoTopic();
                }
                throw new Unreachable(e.getCause() == null ? e : e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new Unreachable(e);
            }
            topicSeen = true;
        }
        KafkaProducer<String, byte[]> p = producer.get();
        if (p == null) {
            p = new KafkaProducer<>(producerConfig());
            producer.set(p);
        }
        return p;
    }

    private final class NoTopic extends Exception {
        NoTopic() {
            super("the topic " + topic + " does not exist on " + bootstrap + " (the agent creates no topic: run "
                    + "'broker-tuner-collector topic create', see docs/fleet-scale.md)", null, false, false);
        }
    }

    private final class Unreachable extends Exception {
        Unreachable(Throwable cause) {
            super("cannot reach " + bootstrap + ": " + cause, null, false, false);
        }
    }

    /** How a send ended; a fatal producer error also drops the producer so the next send starts a fresh one. */
    private Sent outcome(Throwable e) {
        if (e == null) {
            return new Sent.Accepted(false);
        }
        if (e instanceof RecordTooLargeException) {
            return new Sent.Rejected("the report is larger than the topic or producer accepts: " + e.getMessage());
        }
        if (e instanceof UnknownTopicOrPartitionException) {
            topicSeen = false;
        }
        if (!(e instanceof RetriableException) && !(e instanceof NoTopic) && !(e instanceof Unreachable)
                && !(e instanceof org.apache.kafka.common.errors.TimeoutException)) {
            reset();
        }
        return new Sent.Retry(e instanceof NoTopic || e instanceof Unreachable ? e.getMessage()
                : "kafka: " + e, null);
    }

    private void reset() {
        KafkaProducer<String, byte[]> p = producer.getAndSet(null);
        if (p != null) {
            vertx.executeBlocking(() -> {
                p.close(Duration.ZERO);
                return null;
            }, false);
        }
    }

    /** {@code cluster/host} from the report's identifiers. */
    String key(byte[] json) throws IOException {
        JsonNode n = mapper.readTree(json);
        JsonNode b = n.path("broker");
        return ReportKey.of(text(n.path("clusterAlias")), text(b.path("clusterId")),
                text(b.path("lastKnownClusterId")), text(n.path("host").path("hostname")));
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @Override
    public synchronized void close() {
        KafkaProducer<String, byte[]> p = producer.getAndSet(null);
        if (p != null) {
            p.close(Duration.ofSeconds(2));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
