package dev.brokertuner.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brokertuner.agent.daemon.config.AgentConfig;
import dev.brokertuner.agent.daemon.config.ConfigException;
import dev.brokertuner.agent.daemon.config.ConfigLoader;
import dev.brokertuner.agent.rules.RuleCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code nics:} key: operator-declared link speeds for NICs whose driver reports none. */
class NicSpeedConfigTest {
    private final ConfigLoader loader = new ConfigLoader(RuleCatalog.builtIn());

    @Test
    void declaredSpeedsByInterface() throws Exception {
        AgentConfig c = loader.parse("nics:\n  ens5: {speedMbps: 12500}\n  ens6:\n    speedMbps: 25000\n", null);
        assertThat(c.nicSpeeds()).isEqualTo(Map.of("ens5", 12500L, "ens6", 25000L));
        assertThat(loader.parse("", null).nicSpeeds()).isEmpty();
    }

    @Test
    void badEntriesAreRefusedWithTheirPath() {
        String yaml = """
                nics:
                  "eth0/x": {speedMbps: 100}
                  ens5: {speedMbps: fast}
                  ens6: {speed: 100}
                  ens7: 100
                """;
        assertThatThrownBy(() -> loader.parse(yaml, null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("nics.eth0/x: not an interface name"))
                        .anySatisfy(p -> assertThat(p).startsWith("nics.ens5.speedMbps: must be a whole number"))
                        .anySatisfy(p -> assertThat(p).startsWith("nics.ens6.speed: unknown key"))
                        .anySatisfy(p -> assertThat(p).startsWith("nics.ens6.speedMbps: missing"))
                        .anySatisfy(p -> assertThat(p).startsWith("nics.ens7: must be a mapping")));
    }
}
