package dev.brokertuner.agent.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The benches' steady produce load: 1 KiB records in bursts of {@code perBurst} every 10 ms, round robin over the
 * topics, until {@code running} is cleared (at most ~100 bursts a second).
 */
public final class SteadyLoad {
    private SteadyLoad() {
    }

    public static void produce(String bootstrap, List<String> topics, int perBurst, AtomicBoolean running) {
        byte[] value = new byte[1024];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "linger.ms", "5"), new ByteArraySerializer(), new ByteArraySerializer())) {
            int i = 0;
            while (running.get()) {
                for (int k = 0; k < perBurst && running.get(); k++) {
                    producer.send(new ProducerRecord<>(topics.get(i++ % topics.size()), value));
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            System.err.println("load stopped: " + e);
        }
    }
}
