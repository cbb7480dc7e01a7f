package dev.brokertuner.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brokertuner.agent.broker.BrokerOptions;
import dev.brokertuner.agent.daemon.config.AgentConfig;
import dev.brokertuner.agent.daemon.config.ConfigException;
import dev.brokertuner.agent.daemon.config.ConfigLoader;
import dev.brokertuner.agent.rules.RuleCatalog;
import org.junit.jupiter.api.Test;

/** The {@code workload:} section: defaults, values carried to the broker gatherer's options, bounds and typos. */
class WorkloadConfigTest {
    private final ConfigLoader loader = new ConfigLoader(RuleCatalog.builtIn());

    @Test
    void defaultsAreTwentyTopicsAndTwoMebibytes() throws Exception {
        AgentConfig c = loader.parse("", null);
        assertThat(c.workload().topTopics()).isEqualTo(20);
        assertThat(c.workload().batchBudgetBytes()).isEqualTo(2L << 20);
    }

    @Test
    void valuesReachTheBrokerOptions() throws Exception {
        AgentConfig c = loader.parse("workload: {topTopics: 5, batchBudgetBytes: 1048576}\n", null);
        BrokerOptions o = AgentApp.brokerOptions(c);
        assertThat(o.topTopics).isEqualTo(5);
        assertThat(o.batchBudgetBytes).isEqualTo(1L << 20);
    }

    @Test
    void outOfRangeValuesAndUnknownKeysAreAllReported() {
        assertThatThrownBy(() -> loader.parse("workload: {topTopics: 0, batchBudgetBytes: 100, topK: 3}\n", null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).contains("workload.topTopics").contains("out of range 1-1000"))
                        .anySatisfy(p -> assertThat(p).contains("workload.batchBudgetBytes")
                                .contains("out of range 65536-67108864"))
                        .anySatisfy(p -> assertThat(p).contains("workload.topK")));
    }

    @Test
    void topicMetersSecondsDefaultsToNinetyReachesTheOptionsAndIsBounded() throws Exception {
        assertThat(loader.parse("", null).workload().topicMetersSeconds()).isEqualTo(90);
        assertThat(AgentApp.brokerOptions(loader.parse("", null)).topicMetersSeconds).isEqualTo(90);
        AgentConfig c = loader.parse("workload: {topicMetersSeconds: 0}\n", null);
        assertThat(AgentApp.brokerOptions(c).topicMetersSeconds).as("every gathering").isZero();
        assertThat(AgentApp.brokerOptions(loader.parse("workload: {topicMetersSeconds: 300}\n", null))
                .topicMetersSeconds).isEqualTo(300);
        assertThatThrownBy(() -> loader.parse("workload: {topicMetersSeconds: 301}\n", null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).contains("workload.topicMetersSeconds")
                                .contains("out of range 0-300")));
        assertThatThrownBy(() -> loader.parse("workload: {topicMetersSeconds: 1.5}\n", null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).contains("workload.topicMetersSeconds")
                                .contains("whole number")));
    }
}
