package dev.brokertuner.agent.rules.broker;

/** The citations broker rules put in rationales and in {@code docs/rules.md}, spelled once. */
final class Sources {
    static final String KAFKA_OPS_MONITORING = "Kafka documentation, Operations, \"Monitoring\": "
            + "RequestHandlerAvgIdlePercent and NetworkProcessorAvgIdlePercent \"between 0 and 1, ideally > 0.3\" "
            + "(https://kafka.apache.org/40/operations/)";
    static final String KAFKA_BROKER_CONFIGS = "Kafka 4.0 broker configs with their update modes "
            + "(https://kafka.apache.org/40/configuration/broker-configs)";
    static final String KAFKA_THREAD_UPDATES = "Kafka documentation, \"Updating Broker Configs\": thread pool updates "
            + "\"are restricted to the range currentSize / 2 to currentSize * 2\"; Kafka core "
            + "DynamicBrokerConfig.scala (DynamicThreadPool.validateReconfiguration) and ConfigAdminManager.scala "
            + "(https://kafka.apache.org/40/configuration/broker-configs)";
    static final String REDHAT_THREADS = "Red Hat Streams for Apache Kafka 2.2, Kafka configuration tuning 3.4: "
            + "I/O threads at least the number of storage volumes, CPU cores the practical upper limit "
            + "(https://docs.redhat.com/ja/documentation/red_hat_streams_for_apache_kafka/2.2/html/"
            + "kafka_configuration_tuning/improving_request_handling_throughput_by_increasing_io_threads)";
    static final String NETDATA_IDLE = "Netdata, Kafka request handler idle percent low: > 0.5 healthy, < 0.3 "
            + "critical, < 0.1 overload "
            + "(https://www.netdata.cloud/guides/kafka/kafka-request-handler-idle-percent-low/)";
    static final String NETDATA_QUEUE = "Netdata, Kafka request queue full: sustained > 50% of queued.max.requests "
            + "is saturation, at the cap network threads block (https://www.netdata.cloud/guides/kafka/"
            + "kafka-request-queue-full/)";
    static final String KAFKA_REQUEST_CHANNEL = "Kafka core RequestChannel.scala: sendRequest puts into an "
            + "ArrayBlockingQueue(queued.max.requests), \"potentially blocking until there is room\"";
    static final String KIP_1207 = "KAFKA-19606 / KIP-1207 (https://github.com/apache/kafka/pull/20356 and "
            + "/pull/20481): in KRaft combined mode the broker and controller request pools share one "
            + "RequestHandlerAvgIdlePercent meter, so it can read about 2; the fix is merged, after 4.0 (check the "
            + "release notes for the version)";
    static final String KAFKA_SOCKET_SERVER = "Kafka core SocketServer.scala (openServerSocket, "
            + "configureAcceptedSocketChannel) and BrokerBlockingSender.scala: socket.*.buffer.bytes and "
            + "replica.socket.receive.buffer.bytes are set with setsockopt unless -1";
    static final String KERNEL_IP_SYSCTL = "Linux kernel Documentation/networking/ip-sysctl.rst (tcp_rmem, tcp_wmem: "
            + "setting SO_RCVBUF/SO_SNDBUF disables autotuning) and socket(7) (SO_RCVBUF/SO_SNDBUF capped by "
            + "rmem_max/wmem_max) (https://docs.kernel.org/networking/ip-sysctl.html)";
    static final String TIERNEY_BDP = "B. L. Tierney, \"TCP Tuning Techniques for High-Speed Wide-Area Networks\" "
            + "(throughput = window / RTT)";
    static final String KAFKA_NETWORK_RECEIVE = "Kafka clients NetworkReceive.java (a request above "
            + "socket.request.max.bytes raises InvalidReceiveException and the connection is closed) and Selector.java "
            + "(clients read responses with NetworkReceive.UNLIMITED)";
    static final String KAFKA_OPS_FLUSH = "Kafka documentation, Operations, \"Hardware and OS\": \"Application vs. OS "
            + "Flush Management\" (https://kafka.apache.org/40/operations/hardware-and-os/)";
    static final String KAFKA_LOG_MANAGER = "Kafka core LogManager.scala (the kafka-log-flusher task runs every "
            + "log.flush.scheduler.interval.ms) and UnifiedLog (append flushes when log.flush.interval.messages "
            + "unflushed messages accumulate)";
    static final String KAFKA_OPS_DISKS = "Kafka documentation, Operations, \"Hardware and OS\": \"Disks and "
            + "Filesystem\" (https://kafka.apache.org/40/operations/hardware-and-os/)";
    static final String KAFKA_OPS_TIERED = "Kafka documentation, Operations, \"Tiered Storage\" (production-ready "
            + "since 3.9; configs, limitations) and upgrade notes for 3.6 and 3.9 "
            + "(https://kafka.apache.org/40/operations/)";
    static final String KAFKA_TIERED_CONFIGS = "Kafka 4.0 tiered storage configs (log.local.retention.ms, "
            + "remote.log.storage.system.enable) (https://kafka.apache.org/40/configuration/tiered-storage-configs)";
    static final String KAFKA_TOPIC_CONFIGS = "Kafka 4.0 topic configs (retention.ms; local.retention.ms: -2 means "
            + "retention.ms, and it must not exceed retention.ms; cleanup.policy; remote.storage.enable) "
            + "(https://kafka.apache.org/40/configuration/topic-configs)";
    static final String CONFLUENT_TIERED = "Confluent Platform documentation, \"Tiered Storage\" (Confluent Server's "
            + "own tiering: confluent.tier.feature, confluent.tier.enable) "
            + "(https://docs.confluent.io/platform/current/clusters/tiered-storage.html)";

    static final String KAFKA_OPS_REPLICATION = "Kafka documentation, Operations, \"Monitoring\": "
            + "UnderReplicatedPartitions, UnderMinIsrPartitionCount, OfflineReplicaCount and OfflineLogDirectoryCount "
            + "normally 0, IsrShrinksPerSec and IsrExpandsPerSec 0 except around broker restarts, ReplicaFetcherManager "
            + "MaxLag \"proportional to the maximum batch size of a produce request\" "
            + "(https://kafka.apache.org/40/operations/)";
    static final String KAFKA_MIN_ISR = "Kafka 4.0 topic configs, min.insync.replicas: with acks=all, the minimum "
            + "number of replicas that must acknowledge a write, else the producer gets NotEnoughReplicas; the typical "
            + "scenario is replication factor 3, min.insync.replicas 2 and acks all "
            + "(https://kafka.apache.org/40/configuration/topic-configs)";
    static final String KAFKA_OPS_MEMORY = "Kafka documentation, Operations, \"Hardware and OS\", Memory: buffer about "
            + "30 seconds of writes in the page cache, memory need = write_throughput * 30 "
            + "(https://kafka.apache.org/40/operations/hardware-and-os/)";
    static final String KAFKA_OPS_JAVA = "Kafka documentation, Operations, \"Java Version\": typical arguments "
            + "-Xmx6g -Xms6g with G1 (https://kafka.apache.org/40/operations/)";
    static final String KAFKA_DESIGN_PAGE_CACHE = "Kafka documentation, Design, \"Persistence\" (\"Don't fear the "
            + "filesystem\"): the broker relies on the OS page cache rather than an in-process cache "
            + "(https://kafka.apache.org/40/design/design/)";

    private Sources() {
    }
}
