package dev.brokertuner.agent.broker;

import dev.brokertuner.report.BrokerMetrics;
import dev.brokertuner.report.Problem;
import dev.brokertuner.report.WorkloadMeters;
import java.util.List;

/** What one JMX read of the broker gave: metrics, or why the broker did not answer. */
public sealed interface JmxReading permits JmxReading.Read, JmxReading.Failed {
    /**
     * The broker answered.
     *
     * @param metrics      the measurements
     * @param kafkaVersion from {@code app-info}, null when absent
     * @param readMillis   how long the (final) read of the table took
     * @param problems     beans that were missing or notes on how values were derived
     * @param workload     the broker-wide workload meters, null when not read
     */
    record Read(BrokerMetrics metrics, String kafkaVersion, long readMillis, List<Problem> problems,
                WorkloadMeters workload) implements JmxReading {
        public Read {
            problems = List.copyOf(problems);
        }

        /** A read without the workload meters. */
        public Read(BrokerMetrics metrics, String kafkaVersion, long readMillis, List<Problem> problems) {
            this(metrics, kafkaVersion, readMillis, problems, null);
        }
    }

    /** The broker could not be read over JMX. */
    record Failed(String reason) implements JmxReading {
    }
}
