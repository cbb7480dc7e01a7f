package dev.brokertuner.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.ReportValidator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decoder on bodies, apart from HTTP: inflating within its limits, and parsing each report once. */
class ReportDecoderTest {
    private static final int MAX = 400_000;
    private final ReportJson json = new ReportJson();
    private final ReportValidator validator = new ReportValidator();
    private final ReportDecoder decoder = new ReportDecoder(validator, json, MAX);
    private final Instant now = Instant.now();

    @Test
    void aReportInflatingFarPastItsGzipSizeIsReadWhole() throws Exception {
        Report base = Reports.broker("kafka-big-1", 1).at(now.minusSeconds(5)).build();
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 900; i++) {
            tags.put(String.format("t%04d", i), "v".repeat(300));
        }
        Report big = new Report(base.schemaVersion(), base.reportId(), base.generatedAt(), base.agentVersion(),
                base.clusterAlias(), tags, base.host(), base.broker(), base.findings(), base.checks(),
                base.problems());
        byte[] raw = json.write(big);
        byte[] gz = CollectorFixture.gzip(raw);
        assertThat(raw.length).isBetween(270_000, MAX);
        assertThat(raw.length).isGreaterThan(gz.length * 16);

        Decoded inflated = decoder.decode(gz, "gzip", null, "team-a", now);
        Decoded plain = decoder.decode(raw, null, null, "team-a", now);

        assertThat(inflated).isInstanceOf(Decoded.Ok.class);
        assertThat(((Decoded.Ok) inflated).incoming().summary()).isEqualTo(((Decoded.Ok) plain).incoming().summary());
        assertThat(((Decoded.Ok) inflated).incoming().gzJson()).isEqualTo(gz);
    }

    @Test
    void theInflatedLimitIsExactAndAGzipBombStopsThere() throws Exception {
        byte[] report = json.write(Reports.broker("kafka-pad-1", 1).at(now.minusSeconds(5)).build());
        byte[] atLimit = Arrays.copyOf(report, MAX);
        Arrays.fill(atLimit, report.length, MAX, (byte) ' ');

        assertThat(decoder.decode(CollectorFixture.gzip(atLimit), "gzip", null, "team-a", now))
                .isInstanceOf(Decoded.Ok.class);
        byte[] overLimit = Arrays.copyOf(atLimit, MAX + 1);
        overLimit[MAX] = ' ';
        Decoded over = decoder.decode(CollectorFixture.gzip(overLimit), "gzip", null, "team-a", now);
        assertThat(over).isEqualTo(new Decoded.Rejected(IngestOutcome.TOO_LARGE, 413,
                "the report inflates to more than " + MAX + " bytes", java.util.List.of()));
        byte[] bomb = new byte[50 * MAX];
        Arrays.fill(bomb, (byte) ' ');
        assertThat(((Decoded.Rejected) decoder.decode(CollectorFixture.gzip(bomb), "gzip", null, "team-a", now))
                .status()).isEqualTo(413);
    }

    @Test
    void inflatingTakesFromTheBudgetBeforeWritingAndIsRefusedWhenItCannot() throws Exception {
        byte[] gz = CollectorFixture.gzip(json.write(Reports.broker("kafka-mem-1", 1).at(now.minusSeconds(5))
                .build()));
        MemoryBudget small = new MemoryBudget(100_000);
        Decoded refused = decoder.decode(gz, "gzip", null, "team-a", now, small.open());
        assertThat(refused).isInstanceOf(Decoded.Rejected.class);
        assertThat(((Decoded.Rejected) refused).status()).isEqualTo(503);

        MemoryBudget enough = new MemoryBudget(10_000_000);
        MemoryBudget.Reservation r = enough.open();
        assertThat(decoder.decode(gz, "gzip", null, "team-a", now, r)).isInstanceOf(Decoded.Ok.class);
        assertThat(enough.used()).isEqualTo(gz.length);
        r.close();
        assertThat(enough.used()).isZero();
    }

    @Test
    void theValidatedTreeMapsToTheSameReportAsTheBytes() throws Exception {
        byte[] raw = json.write(Reports.broker("kafka-tree-1", 3).cluster("c-1", "one").relatime().nicMbps(10_000)
                .swappiness("60").throughput(5e6, 7e6).at(now.minusSeconds(5)).build());
        ReportValidator.Checked checked = validator.check(raw);

        assertThat(checked.problems()).isEmpty();
        assertThat(json.read(checked.tree())).isEqualTo(json.read(raw));
    }

    @Test
    void malformedInputIsRefusedWithTheSameAnswersAsBefore() {
        Decoded notJson = decoder.decode("{\"schemaVersion\": 1,".getBytes(StandardCharsets.UTF_8), null, null,
                "team-a", now);
        assertThat(notJson).isInstanceOf(Decoded.Rejected.class);
        Decoded.Rejected r = (Decoded.Rejected) notJson;
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("not a valid report: 1 problem(s)");
        assertThat(r.problems()).singleElement().asString().startsWith("$: not JSON: ");

        Decoded version = decoder.decode("{\"schemaVersion\": 9}".getBytes(StandardCharsets.UTF_8), null, null,
                "team-a", now);
        assertThat(((Decoded.Rejected) version).status()).isEqualTo(422);

        Decoded notGzip = decoder.decode(new byte[] {1, 2, 3}, "gzip", null, "team-a", now);
        assertThat(((Decoded.Rejected) notGzip).status()).isEqualTo(400);
        assertThat(((Decoded.Rejected) notGzip).error()).startsWith("the body is not valid gzip: ");
    }
}
