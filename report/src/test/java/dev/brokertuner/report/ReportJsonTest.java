package dev.brokertuner.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportJsonTest {
    private final ReportJson json = new ReportJson();

    static Report sample() {
        var host = new HostFacts("kafka-a01", 16, 64L << 30,
                List.of(new Mount("/data", "/dev/md0", "xfs", List.of("rw", "relatime"), false)),
                List.of(new DataDir("/data/kafka", "/data", "xfs", false, List.of("sda", "sdb"), "md0", 1000L, 500L)),
                List.of(new RaidArray("md0", "raid10", "active", 2, 2, 0, 0, false, null, null, List.of("sda", "sdb"))),
                List.of(new Disk("sda", true, 4000L, "mq-deadline", 1.0, 2.0, 0.1)),
                List.of(new Nic("eth0", null, "full", 9000, "up", List.of(), 1.0, 2.0, null)),
                Map.of("vm.swappiness", "60"), 5, 2147483648L);
        var finding = new Finding("host.fs.noatime", Severity.WARNING, "/data/kafka", "relatime", "noatime",
                "why", Map.of("mount", "/data"), List.of("mount -o remount,noatime /data"));
        return new Report(Report.SCHEMA_VERSION, "r-1", Instant.parse("2026-11-24T10:00:00Z"), "0.1.0", "prod",
                Map.of("dc", "eu1"), host, BrokerFacts.notFound("no kafka.Kafka process"), List.of(finding),
                List.of(new Check("host.vm.swappiness", "host", CheckStatus.OK, "1")),
                List.of(new Problem("procfs:mdstat", "missing")));
    }

    @Test
    void roundTripsAReport() throws Exception {
        Report report = sample();
        Report back = json.read(json.write(report));
        assertThat(back).isEqualTo(report);
    }

    @Test
    void writesWireNamesAndNulls() {
        String text = new String(json.write(sample()), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).contains("\"severity\":\"warning\"", "\"speedMbps\":null", "\"status\":\"not-found\"",
                "\"generatedAt\":\"2026-11-24T10:00:00Z\"", "\"schemaVersion\":1");
    }
}
