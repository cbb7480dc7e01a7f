package dev.brokertuner.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UnitCommandLineTest {
    @Test
    void splitsDollarVariablesAndKeepsBracedOnesWhole() {
        String unit = """
                [Service]
                Environment="JAVA_OPTS=-Xmx64m  -XX:+UseSerialGC"
                Environment=CONFIG=/etc/x y.yaml
                ExecStart=/usr/bin/java $JAVA_OPTS -cp /usr/share/x/lib/* Main agent --config ${CONFIG}
                """;
        assertThat(UnitCommandLine.execStart(unit, Map.of())).containsExactly("/usr/bin/java", "-Xmx64m",
                "-XX:+UseSerialGC", "-cp", "/usr/share/x/lib/*", "Main", "agent", "--config", "/etc/x y.yaml");
        assertThat(UnitCommandLine.execStart(unit, Map.of("CONFIG", "/tmp/a.yaml"))).endsWith("/tmp/a.yaml");
    }

    @Test
    void anUnsetVariableFails() {
        assertThatThrownBy(() -> UnitCommandLine.execStart("ExecStart=/bin/x $NOPE\n", Map.of()))
                .hasMessageContaining("$NOPE");
    }
}
