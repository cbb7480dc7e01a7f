package dev.brokertuner.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brokertuner.agent.daemon.config.AgentConfig;
import dev.brokertuner.agent.daemon.config.ConfigException;
import dev.brokertuner.agent.daemon.config.ConfigLoader;
import dev.brokertuner.agent.rules.RuleCatalog;
import org.junit.jupiter.api.Test;

/** {@code broker.logDirsSeconds}: its default, the value carried to the broker gatherer's options, its bounds. */
class LogDirsConfigTest {
    private final ConfigLoader loader = new ConfigLoader(RuleCatalog.builtIn());

    @Test
    void theDefaultIsTwoMinutes() throws Exception {
        AgentConfig c = loader.parse("", null);
        assertThat(c.logDirsSeconds()).isEqualTo(120);
        assertThat(AgentApp.brokerOptions(c).logDirsSeconds).isEqualTo(120);
    }

    @Test
    void aValueReachesTheBrokerOptionsAndZeroReadsEveryGathering() throws Exception {
        assertThat(AgentApp.brokerOptions(loader.parse("broker: {logDirsSeconds: 300}\n", null)).logDirsSeconds)
                .isEqualTo(300);
        assertThat(loader.parse("broker:\n  enabled: true\n  logDirsSeconds: 0\n", null).logDirsSeconds())
                .isZero();
    }

    @Test
    void outOfRangeOrNotANumberIsAProblemNamingTheKey() {
        assertThatThrownBy(() -> loader.parse("broker: {logDirsSeconds: -1}\n", null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p).contains("broker.logDirsSeconds", "out of range 0-3600")));
        assertThatThrownBy(() -> loader.parse("broker: {logDirsSeconds: soon}\n", null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p).contains("broker.logDirsSeconds")));
    }
}
