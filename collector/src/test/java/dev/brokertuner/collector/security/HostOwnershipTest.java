package dev.brokertuner.collector.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.MutableClock;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.collector.fleet.Summaries;
import dev.brokertuner.collector.store.Migrations;
import dev.brokertuner.report.Report;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 3: a host belongs to the token that registered it unless the tokens file lets another write for
 * it; a report dated beyond the clock skew is refused with the reason; and a report dated in the future (stored
 * before this check existed) cannot stay a host's latest or escape retention.
 */
class HostOwnershipTest {
    private static final String WRITER = "fleet-ops-0123456789abcdef";

    @Test
    void anotherTokenCannotFileReportsForARegisteredHostUnlessAllowed(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            Report first = Reports.broker("kafka-a01", 1).build();
            assertThat(c.post(first).statusCode()).isEqualTo(202);
            Report forged = Reports.broker("kafka-a01", 1).relatime().at(Instant.now()).build();
            var refused = c.post(CollectorFixture.gzip(c.json.write(forged)), "gzip", forged.reportId(),
                    CollectorFixture.OTHER_TOKEN);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.bodyAsJsonObject().getString("error")).contains("'kafka-a01' is registered to token "
                    + "'team-a'", "'team-b' may not write for it", "writes=");
            assertThat(c.get("/v1/reports/" + forged.reportId()).statusCode()).isEqualTo(404);
            assertThat(c.getJson("/v1/hosts/kafka-a01").getJsonObject("summary").getString("reportId"))
                    .isEqualTo(first.reportId());
            assertThat(c.get("/metrics", null).bodyAsString())
                    .contains("broker_tuner_collector_ingest_total{outcome=\"forbidden\"} 1.0");
            // the owner survives a restart (it is in the store, not only in memory)
            c.stop();
            c.start();
            assertThat(c.post(CollectorFixture.gzip(c.json.write(forged)), "gzip", forged.reportId(),
                    CollectorFixture.OTHER_TOKEN).statusCode()).isEqualTo(403);
            Report own = Reports.broker("kafka-a01", 1).at(Instant.now()).build();
            assertThat(c.post(own).statusCode()).isEqualTo(202);
        }
    }

    @Test
    void aTokenWithWritesStarMayWriteForAnyHostWithoutTakingIt(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            Files.writeString(dir.resolve("tokens"), "team-a " + CollectorFixture.TOKEN + "\nteam-b "
                    + CollectorFixture.OTHER_TOKEN + "\nfleet-ops " + WRITER + " writes=*\n");
            c.stop();
            c.start();
            assertThat(c.post(Reports.broker("kafka-a01", 1).build()).statusCode()).isEqualTo(202);
            Report relay = Reports.broker("kafka-a01", 1).at(Instant.now()).build();
            assertThat(c.post(CollectorFixture.gzip(c.json.write(relay)), "gzip", relay.reportId(), WRITER)
                    .statusCode()).isEqualTo(202);
            Report b = Reports.broker("kafka-a01", 1).at(Instant.now().plusSeconds(1)).build();
            assertThat(c.post(CollectorFixture.gzip(c.json.write(b)), "gzip", b.reportId(),
                    CollectorFixture.OTHER_TOKEN).statusCode()).as("still team-a's host").isEqualTo(403);
        }
    }

    @Test
    void aReportFromBeyondTheClockSkewIs422WithTheReason(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
        try (CollectorFixture c = new CollectorFixture(dir, clock, "")) {
            Report future = Reports.broker("kafka-a01", 1).at(Instant.parse("2099-01-01T00:00:00Z")).build();
            var r = c.post(future);
            assertThat(r.statusCode()).isEqualTo(422);
            assertThat(r.bodyAsJsonObject().getString("error")).contains("generatedAt 2099-01-01T00:00:00Z",
                    "at most 300 s ahead", "maxClockSkewSeconds", "NTP");
            Report slightlyAhead = Reports.broker("kafka-a01", 1).at(clock.instant().plusSeconds(240)).build();
            assertThat(c.post(slightlyAhead).statusCode()).as("within the 5 min default").isEqualTo(202);
        }
        Path other = Files.createDirectories(dir.resolve("strict"));
        try (CollectorFixture c = new CollectorFixture(other, clock, "maxClockSkewSeconds: 60\n")) {
            assertThat(c.post(Reports.broker("kafka-a01", 1).at(clock.instant().plusSeconds(240)).build())
                    .statusCode()).isEqualTo(422);
        }
    }

    @Test
    void aFutureDatedLatestFromAnOlderStoreIsReplacedByTheNextReportAndThenRetired(@TempDir Path dir)
            throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
        Path data = dir.resolve("data");
        Report pinned = Reports.broker("kafka-a01", 1).at(Instant.parse("2099-01-01T00:00:00Z")).build();
        schemaOneStoreWith(data, pinned, clock.instant(), new dev.brokertuner.report.ReportJson());
        try (CollectorFixture c = new CollectorFixture(dir, clock, "retentionDays: 14\n")) {
            assertThat(c.getJson("/v1/hosts/kafka-a01").getJsonObject("summary").getString("reportId"))
                    .isEqualTo(pinned.reportId());
            clock.advance(Duration.ofMinutes(1));
            Report next = Reports.broker("kafka-a01", 1).at(clock.instant()).build();
            assertThat(c.post(next).statusCode()).isEqualTo(202);
            JsonObject host = c.getJson("/v1/hosts/kafka-a01");
            assertThat(host.getJsonObject("summary").getString("reportId")).as("received later, so later")
                    .isEqualTo(next.reportId());
            clock.advance(Duration.ofDays(15));
            Report fresh = Reports.broker("kafka-a01", 1).at(clock.instant()).build();
            assertThat(c.post(fresh).statusCode()).isEqualTo(202);
            assertThat(c.app().retentionNow()).isEqualTo(2);
            assertThat(c.get("/v1/reports/" + pinned.reportId()).statusCode()).as("2099 does not pin the host")
                    .isEqualTo(404);
            // migration 2 also registered the host to the token of its first report
            Report b = Reports.broker("kafka-a01", 1).at(clock.instant()).build();
            assertThat(c.post(CollectorFixture.gzip(c.json.write(b)), "gzip", b.reportId(),
                    CollectorFixture.OTHER_TOKEN).statusCode()).isEqualTo(403);
        }
    }

    /** A store at schema version 1, as collectors before this change left it, holding one report as latest. */
    private static void schemaOneStoreWith(Path data, Report r, Instant receivedAt,
                                           dev.brokertuner.report.ReportJson json) throws Exception {
        Files.createDirectories(data);
        String url = "jdbc:h2:file:" + data.toAbsolutePath().resolve("collector") + ";DB_CLOSE_ON_EXIT=FALSE";
        try (Connection c = DriverManager.getConnection(url, "collector", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_migrations (version INT PRIMARY KEY, description VARCHAR(500) NOT NULL, "
                    + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            for (String sql : Migrations.ALL.get(0).statements()) {
                s.execute(sql);
            }
            s.execute("INSERT INTO schema_migrations VALUES (1, 'v1', CURRENT_TIMESTAMP)");
            var summary = Summaries.of(r, receivedAt, "team-a");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, "
                    + "NULL, NULL, ?)")) {
                p.setString(1, r.reportId());
                p.setString(2, summary.hostname());
                p.setString(3, summary.clusterKey());
                p.setString(4, "team-a");
                p.setLong(5, r.generatedAt().toEpochMilli());
                p.setLong(6, receivedAt.toEpochMilli());
                p.setBytes(7, CollectorFixture.gzip(json.write(r)));
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO hosts VALUES (?, ?, ?, ?)")) {
                p.setString(1, summary.hostname());
                p.setString(2, r.reportId());
                p.setLong(3, r.generatedAt().toEpochMilli());
                p.setBytes(4, json.mapper().writeValueAsBytes(summary));
                p.executeUpdate();
            }
        }
    }

}
