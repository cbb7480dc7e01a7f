package dev.brokertuner.agent.broker.bench;

import dev.brokertuner.agent.broker.JmxEndpoint;
import dev.brokertuner.agent.broker.JmxSession;
import dev.brokertuner.testkit.KraftBroker;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The JMX benches' broker: one real KRaft broker ({@code -Xmx1g}, one partition per topic unless asked, no automatic
 * topics) with an Admin, a JMX session and a producer over it, closed together, newest first.
 */
record JmxBenchBroker(KraftBroker broker, Admin admin, JmxSession session, KafkaProducer<byte[], byte[]> producer)
        implements AutoCloseable {
    static JmxBenchBroker start() throws Exception {
        KraftBroker broker = KraftBroker.builder().heap("-Xmx1g").property("num.partitions", "1")
                .property("auto.create.topics.enable", "false").start();
        Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrap()));
        JmxSession session = new JmxSession(JmxEndpoint.parse("127.0.0.1:" + broker.jmxPort()), null, null,
                System::nanoTime);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                broker.bootstrap(), "linger.ms", 5), new ByteArraySerializer(), new ByteArraySerializer());
        return new JmxBenchBroker(broker, admin, session, producer);
    }

    @Override
    public void close() throws Exception {
        try (KraftBroker b = broker; Admin a = admin; JmxSession s = session) {
            producer.close();
        }
    }
}
