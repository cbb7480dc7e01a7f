package dev.brokertuner.agent.rules.workload;

/** The citations the producer workload rules put in rationales and in {@code docs/rules.md}, spelled once. */
final class ProducerSources {
    static final String CHAPTER_BATCHING = "The scaling chapter broker-tuner grew from, \"Producer Optimization\", "
            + "\"Batching (Biggest Win)\": linger_ms=10, batch_size=16384 (16 KB), buffer_memory=32 MB, \"10-100x "
            + "throughput increase\" (a rule of thumb, not Kafka's documentation)";
    static final String CHAPTER_COMPRESSION = "The scaling chapter broker-tuner grew from, \"Compression\": CPU cost "
            + "snappy low, lz4 low, gzip high, zstd medium; \"snappy or lz4 for most cases\" (a rule of thumb)";
    static final String CHAPTER_ACKS = "The scaling chapter broker-tuner grew from, \"Idempotence & Acks\": "
            + "enable_idempotence=True with acks='all' for critical data, acks=1 without retries for throughput "
            + "(a rule of thumb)";
    static final String KAFKA_PRODUCER_CONFIGS = "Kafka 4.0 producer configs: linger.ms (default 5 since 4.0, "
            + "KIP-1030), batch.size (default 16384), compression.type (default none), enable.idempotence (default "
            + "true since 3.0, needs acks=all) (https://kafka.apache.org/40/configuration/producer-configs)";
    static final String KAFKA_TOPIC_COMPRESSION = "Kafka 4.0 topic configs, compression.type: \"producer\" retains "
            + "the codec set by the producer, any other value makes the broker write batches with that codec "
            + "(https://kafka.apache.org/40/configuration/topic-configs)";
    static final String KAFKA_RECORD_BATCH = "Kafka documentation, Implementation, \"Record Batch\": attributes bits "
            + "0-2 compression, bit 4 isTransactional, bit 5 isControlBatch; producerId -1 without idempotence "
            + "(https://kafka.apache.org/40/implementation/message-format/)";
    static final String KAFKA_TOPIC_METERS = "Kafka documentation, Operations, \"Monitoring\": BrokerTopicMetrics "
            + "BytesInPerSec, MessagesInPerSec, TotalProduceRequestsPerSec per topic (one produce request counted "
            + "per partition it carries) (https://kafka.apache.org/40/operations/)";

    private ProducerSources() {
    }
}
