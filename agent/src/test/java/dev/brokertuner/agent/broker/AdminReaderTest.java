package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerStatus;
import dev.brokertuner.report.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad client settings are reasons, never exceptions. */
class AdminReaderTest {
    @TempDir
    Path tmp;

    @Test
    void invalidClientPropertiesAreAFailureWithTheReason() {
        Properties bad = new Properties();
        bad.put("security.protocol", "CARRIER_PIGEON");
        try (AdminReader reader = new AdminReader("127.0.0.1:1", bad)) {
            AdminReading r = reader.read(1);
            assertThat(r).isInstanceOf(AdminReading.Failed.class);
            assertThat(((AdminReading.Failed) r).reason()).startsWith("AdminClient 127.0.0.1:1: ")
                    .contains("CARRIER_PIGEON");
        }
    }

    @Test
    void anUnreadableAdminConfigIsAProblemAndAMalformedJmxEndpointIsAReason() throws Exception {
        Files.createDirectories(tmp.resolve("proc"));
        BrokerOptions options = new BrokerOptions();
        options.jmx = "no-port-here";
        options.bootstrapServer = "127.0.0.1:1";
        options.adminConfig = tmp.resolve("missing.properties");
        try (LocalBrokerGatherer g = new LocalBrokerGatherer(new HostPaths(tmp.resolve("proc"), tmp), options)) {
            var gathered = g.gather(0);
            BrokerFacts b = gathered.value();
            assertThat(b.status()).isEqualTo(BrokerStatus.UNREACHABLE);
            assertThat(b.reason()).contains("--jmx 'no-port-here' is not host:port");
            List<Problem> problems = gathered.problems();
            assertThat(problems).anySatisfy(p -> assertThat(p.message()).contains("--admin-config")
                    .contains("missing.properties"));
        }
    }
}
