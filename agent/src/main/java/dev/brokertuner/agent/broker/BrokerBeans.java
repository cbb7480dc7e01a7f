package dev.brokertuner.agent.broker;

import java.util.ArrayList;
import java.util.List;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The fixed table of broker MBeans the agent reads: exact ObjectNames, never a pattern over per-topic or
 * per-partition beans, so a read costs the same on a broker with 10 partitions and with 50,000 (the jmx_exporter
 * lesson: its full scrape grows with every bean). Attributes per Yammer type: meters give {@code Count} (for
 * deltas over the window) and {@code OneMinuteRate} (single read), histograms their percentiles, gauges
 * {@code Value}. See {@code ../shared/reference/kafka-tuning.md} §3.
 */
public final class BrokerBeans {
    /** One bean to read. */
    public record Bean(String id, ObjectName name, List<String> attributes) {
        public Bean {
            attributes = List.copyOf(attributes);
        }

        /** True for meters whose {@code Count} is sampled at the start of a window. */
        public boolean counted() {
            return attributes.contains(COUNT);
        }
    }

    static final String COUNT = "Count";
    static final String ONE_MINUTE = "OneMinuteRate";
    static final String VALUE = "Value";
    static final String P50 = "50thPercentile";
    static final String P99 = "99thPercentile";

    /** KIP-1207 (Kafka 4.2+): the broker pool's own idle meter; in combined mode the aggregate adds the controller. */
    public static final String BROKER_IDLE = "brokerRequestHandlerIdle";
    /** The classic meter: broker-only nodes, and the fallback before 4.2. */
    public static final String AGGREGATE_IDLE = "requestHandlerIdle";
    public static final String NETWORK_IDLE = "networkProcessorIdle";
    public static final String REQUEST_QUEUE = "requestQueueSize";
    public static final String RESPONSE_QUEUE = "responseQueueSize";
    public static final String BYTES_IN = "bytesIn";
    public static final String BYTES_OUT = "bytesOut";
    public static final String MESSAGES_IN = "messagesIn";
    public static final String REPLICATION_IN = "replicationBytesIn";
    public static final String REPLICATION_OUT = "replicationBytesOut";
    public static final String LOG_FLUSH = "logFlush";
    public static final String PARTITIONS = "partitionCount";
    public static final String LEADERS = "leaderCount";
    public static final String UNDER_REPLICATED = "underReplicatedPartitions";
    public static final String OFFLINE_DIRS = "offlineLogDirectoryCount";
    public static final String ISR_SHRINKS = "isrShrinks";
    public static final String ISR_EXPANDS = "isrExpands";
    public static final String UNDER_MIN_ISR = "underMinIsrPartitionCount";
    public static final String AT_MIN_ISR = "atMinIsrPartitionCount";
    public static final String OFFLINE_REPLICAS = "offlineReplicaCount";
    public static final String REPLICA_MAX_LAG = "replicaMaxLag";
    public static final String APP_INFO = "appInfo";

    /** Request-metrics bean id, e.g. {@code Produce.TotalTimeMs}. */
    public static String requestId(String request, String metric) {
        return request + "." + metric;
    }

    private static final List<Bean> TABLE = build();

    private BrokerBeans() {
    }

    /** The table, in read order. */
    public static List<Bean> all() {
        return TABLE;
    }

    /** The beans whose Count starts a window. */
    public static List<Bean> counted() {
        return TABLE.stream().filter(Bean::counted).toList();
    }

    /**
     * The beans read at the start of a window: the counted ones, and the request queue gauge, so that a queue can be
     * judged at both ends of the window rather than on one instant.
     */
    public static List<Bean> windowStart() {
        return TABLE.stream().filter(b -> b.counted() || b.id().equals(REQUEST_QUEUE)).toList();
    }

    private static List<Bean> build() {
        List<Bean> t = new ArrayList<>();
        String meter = COUNT + "," + ONE_MINUTE;
        add(t, BROKER_IDLE, "kafka.server:type=KafkaRequestHandlerPool,name=BrokerRequestHandlerAvgIdlePercent", meter);
        add(t, AGGREGATE_IDLE, "kafka.server:type=KafkaRequestHandlerPool,name=RequestHandlerAvgIdlePercent", meter);
        add(t, NETWORK_IDLE, "kafka.network:type=SocketServer,name=NetworkProcessorAvgIdlePercent", VALUE);
        add(t, REQUEST_QUEUE, "kafka.network:type=RequestChannel,name=RequestQueueSize", VALUE);
        add(t, RESPONSE_QUEUE, "kafka.network:type=RequestChannel,name=ResponseQueueSize", VALUE);
        add(t, BYTES_IN, "kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec", meter);
        add(t, BYTES_OUT, "kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec", meter);
        add(t, MESSAGES_IN, "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec", meter);
        add(t, REPLICATION_IN, "kafka.server:type=BrokerTopicMetrics,name=ReplicationBytesInPerSec", meter);
        add(t, REPLICATION_OUT, "kafka.server:type=BrokerTopicMetrics,name=ReplicationBytesOutPerSec", meter);
        for (String request : List.of("Produce", "FetchConsumer", "FetchFollower")) {
            add(t, requestId(request, "TotalTimeMs"),
                    "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=" + request, P50 + "," + P99);
            add(t, requestId(request, "RequestQueueTimeMs"),
                    "kafka.network:type=RequestMetrics,name=RequestQueueTimeMs,request=" + request, P99);
        }
        for (String request : List.of("Produce", "FetchConsumer", "FetchFollower")) {
            for (String metric : List.of("LocalTimeMs", "RemoteTimeMs", "ResponseQueueTimeMs", "ResponseSendTimeMs")) {
                add(t, requestId(request, metric), "kafka.network:type=RequestMetrics,name=" + metric
                        + ",request=" + request, P99);
            }
        }
        add(t, LOG_FLUSH, "kafka.log:type=LogFlushStats,name=LogFlushRateAndTimeMs", meter + "," + P99);
        add(t, PARTITIONS, "kafka.server:type=ReplicaManager,name=PartitionCount", VALUE);
        add(t, LEADERS, "kafka.server:type=ReplicaManager,name=LeaderCount", VALUE);
        add(t, UNDER_REPLICATED, "kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions", VALUE);
        add(t, OFFLINE_DIRS, "kafka.log:type=LogManager,name=OfflineLogDirectoryCount", VALUE);
        add(t, ISR_SHRINKS, "kafka.server:type=ReplicaManager,name=IsrShrinksPerSec", meter);
        add(t, ISR_EXPANDS, "kafka.server:type=ReplicaManager,name=IsrExpandsPerSec", meter);
        add(t, UNDER_MIN_ISR, "kafka.server:type=ReplicaManager,name=UnderMinIsrPartitionCount", VALUE);
        add(t, AT_MIN_ISR, "kafka.server:type=ReplicaManager,name=AtMinIsrPartitionCount", VALUE);
        add(t, OFFLINE_REPLICAS, "kafka.server:type=ReplicaManager,name=OfflineReplicaCount", VALUE);
        add(t, REPLICA_MAX_LAG, "kafka.server:type=ReplicaFetcherManager,name=MaxLag,clientId=Replica", VALUE);
        add(t, APP_INFO, "kafka.server:type=app-info", "version");
        return List.copyOf(t);
    }

    private static void add(List<Bean> t, String id, String name, String attributes) {
        try {
            t.add(new Bean(id, new ObjectName(name), List.of(attributes.split(","))));
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException("bad ObjectName in the table: " + name, e);
        }
    }

    /**
     * The JVM's garbage collectors ({@code java.lang:type=GarbageCollector,name=*}: two per JVM, e.g. {@code G1 Young
     * Generation} and {@code G1 Old Generation}); their names depend on the collector, so they are matched, not listed.
     */
    static ObjectName collectorPattern() {
        try {
            return new ObjectName("java.lang:type=GarbageCollector,name=*");
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Which report metrics each bean feeds, for the problem that names what a missing bean leaves unknown. */
    public static List<String> metricsOf(String beanId) {
        switch (beanId) {
            case BROKER_IDLE:
            case AGGREGATE_IDLE:
                return List.of("requestHandlerIdleRatio");
            case NETWORK_IDLE:
                return List.of("networkProcessorIdleRatio (fallback)");
            case BYTES_IN:
                return List.of("bytesInPerSec");
            case BYTES_OUT:
                return List.of("bytesOutPerSec");
            case MESSAGES_IN:
                return List.of("messagesInPerSec");
            case REPLICATION_IN:
                return List.of("replicationBytesInPerSec");
            case REPLICATION_OUT:
                return List.of("replicationBytesOutPerSec");
            case LOG_FLUSH:
                return List.of("logFlushRatePerSec", "logFlushTimeMsP99");
            case PARTITIONS:
            case LEADERS:
            case UNDER_REPLICATED:
            case OFFLINE_DIRS:
            case UNDER_MIN_ISR:
            case AT_MIN_ISR:
            case OFFLINE_REPLICAS:
            case REPLICA_MAX_LAG:
            case REQUEST_QUEUE:
            case RESPONSE_QUEUE:
                // these gauges' ids are their report names
                return List.of(beanId);
            case ISR_SHRINKS:
                return List.of("isrShrinksPerSec");
            case ISR_EXPANDS:
                return List.of("isrExpandsPerSec");
            case APP_INFO:
                return List.of("kafkaVersion");
            default:
                // request metrics: Produce.TotalTimeMs -> produceTotalTimeMs*
                int dot = beanId.indexOf('.');
                if (dot > 0) {
                    String request = beanId.substring(0, dot);
                    return List.of(Character.toLowerCase(request.charAt(0)) + request.substring(1)
                            + beanId.substring(dot + 1) + "*");
                }
                return List.of(beanId);
        }
    }

    /** The per-processor socket-server beans of every listener (a handful: processors, not topics). */
    static ObjectName processorPattern() {
        try {
            return new ObjectName("kafka.server:type=socket-server-metrics,listener=*,networkProcessor=*");
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
