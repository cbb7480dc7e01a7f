package dev.brokertuner.collector.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.collector.config.Tokens;
import dev.brokertuner.collector.fleet.FleetIndex;
import dev.brokertuner.collector.http.HostOwners;
import dev.brokertuner.collector.http.ReportDecoder;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.ReportKey;
import dev.brokertuner.report.ReportValidator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A record of the reports topic is checked as a POSTed body is, plus its key and the topic's sender identity. */
class RecordCheckerTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:01:00Z");
    private final ReportJson json = new ReportJson();
    private final HostOwners owners = new HostOwners(Map.of("kafka-http", "team-a"));
    private final RecordChecker checker = new RecordChecker(new ReportDecoder(new ReportValidator(), json,
            64 * 1024), owners, Tokens.parse("team-a " + CollectorFixture.TOKEN + " writes=*\n", "tokens",
            new ArrayList<>()), new FleetIndex(), 64 * 1024, "kafka:broker-tuner.reports");

    @Test
    void aValidReportWithItsKeyIsStoredUnderTheTopicsSender() throws Exception {
        Report r = Reports.broker("kafka-a01", 1).build();
        Verdict v = checker.check(ReportKey.of(r), json.write(r), null, r.reportId(), NOW);
        assertThat(v).isInstanceOf(Verdict.Store.class);
        assertThat(((Verdict.Store) v).incoming().summary().sender()).isEqualTo("kafka:broker-tuner.reports");
        assertThat(ReportKey.of(r)).isEqualTo("prod/kafka-a01");
        assertThat(owners.owner("kafka-a01")).contains("kafka:broker-tuner.reports");
        Verdict gz = checker.check(ReportKey.of(r), CollectorFixture.gzip(json.write(r)), "gzip", null, NOW);
        assertThat(gz).as("a gzip value with its content-encoding header").isInstanceOf(Verdict.Store.class);
    }

    @Test
    void badRecordsAreSkippedWithTheirReason() {
        Report r = Reports.broker("kafka-a02", 2).build();
        byte[] good = json.write(r);
        assertThat(reason(checker.check("prod/kafka-a02", "\u0000garbage{".getBytes(StandardCharsets.ISO_8859_1),
                null, null, NOW))).isEqualTo("invalid");
        assertThat(reason(checker.check("prod/kafka-a02", "{\"schemaVersion\":1,\"reportId\":5}"
                .getBytes(StandardCharsets.UTF_8), null, null, NOW))).isEqualTo("invalid");
        assertThat(reason(checker.check("prod/kafka-a02", new byte[64 * 1024 + 1], null, null, NOW)))
                .isEqualTo("too_large");
        assertThat(reason(checker.check("prod/kafka-a02", null, null, null, NOW))).isEqualTo("invalid");
        assertThat(reason(checker.check("prod/kafka-a02", good, "br", null, NOW))).isEqualTo("unsupported_media");
        assertThat(reason(checker.check("prod/kafka-a02", good, null, "another-id", NOW)))
                .as("the reportId header must be the body's").isEqualTo("invalid");
        assertThat(reason(checker.check("prod/kafka-zz", good, null, null, NOW))).isEqualTo("key_mismatch");
        assertThat(reason(checker.check(null, good, null, null, NOW))).isEqualTo("key_mismatch");
        Report future = Reports.broker("kafka-a02", 2).at(NOW.plusSeconds(3600)).build();
        assertThat(reason(checker.check("prod/kafka-a02", json.write(future), null, null, NOW)))
                .isEqualTo("unprocessable");
        assertThat(owners.owner("kafka-a02")).as("no bad record registers the host").isEmpty();
    }

    @Test
    void aHostATokenRegisteredOverHttpCannotBeWrittenFromTheTopic() {
        Report r = Reports.broker("kafka-http", 3).build();
        Verdict v = checker.check(ReportKey.of(r), json.write(r), null, null, NOW);
        assertThat(reason(v)).isEqualTo("forbidden");
        assertThat(((Verdict.Skip) v).detail()).contains("registered to 'team-a'");
    }

    private static String reason(Verdict v) {
        assertThat(v).isInstanceOf(Verdict.Skip.class);
        return ((Verdict.Skip) v).reason();
    }

}
