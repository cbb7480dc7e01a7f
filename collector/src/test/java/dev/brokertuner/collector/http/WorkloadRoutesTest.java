package dev.brokertuner.collector.http;

import static dev.brokertuner.collector.Workloads.group;
import static dev.brokertuner.collector.Workloads.topic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.MutableClock;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.collector.Workloads;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/clusters/{id}/topics} and {@code /groups} over real HTTP, fed through the real ingest API, and the
 * cluster view's serialized milestone texts and chart labels; the workload survives a restart (the summaries are
 * reloaded from the store).
 */
class WorkloadRoutesTest {

    static void seed(CollectorFixture c, Instant now) throws Exception {
        assertThat(c.post(Workloads.with(Reports.broker("kafka-b01", 1).at(now).build(), List.of(
                topic("clicks", 6, 3, 30e6, 300_000, 3_000, 60e6, 1.2, 0, "producer", 100, 1, 180, "none", 100)),
                List.of(group("billing", "classic", "Stable", 1, 4, 4, List.of("orders"), 12, 0.0, 15L, "steady",
                        0.0)))).statusCode()).isEqualTo(202);
        assertThat(c.post(Workloads.with(Reports.broker("kafka-b02", 2).at(now).build(), List.of(
                topic("clicks", 6, 3, 10e6, 100_000, 1_000, 20e6, 3.5, 4, "producer", 60, 40, 9_000, "none", 50,
                        "lz4", 10)),
                List.of(group("churn", "classic", "PreparingRebalance", 2, 7, 0, List.of("clicks"), 6, 42.0,
                        120_000L, "growing", 3_500.0)))).statusCode()).isEqualTo(202);
    }

    @Test
    void topicsAndGroupsOfAClusterOverHttp(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        try (CollectorFixture c = new CollectorFixture(dir, clock, "")) {
            seed(c, clock.instant().minusSeconds(5));
            for (int pass = 0; pass < 2; pass++) {
                JsonObject t = c.getJson("/v1/clusters/c-prod/topics");
                assertThat(t.getString("key")).isEqualTo("c-prod");
                assertThat(t.getInteger("brokers")).isEqualTo(2);
                assertThat(t.getInteger("total")).isEqualTo(1);
                JsonObject clicks = t.getJsonArray("topics").getJsonObject(0);
                assertThat(clicks.getString("name")).isEqualTo("clicks");
                assertThat(clicks.getDouble("bytesInPerSec")).isEqualTo(40e6);
                assertThat(clicks.getInteger("leaderPartitions")).isEqualTo(6);
                assertThat(clicks.getJsonObject("codecs").getMap()).containsEntry("none", 150).containsEntry("lz4",
                        10);
                assertThat(clicks.getInteger("medianRecords")).isEqualTo(1);
                assertThat(clicks.getJsonArray("hosts").getList()).containsExactly("kafka-b01", "kafka-b02");
                assertThat(clicks.getString("skewHost")).isEqualTo("kafka-b02");

                JsonObject g = c.getJson("/v1/clusters/c-prod/groups");
                JsonArray groups = g.getJsonArray("groups");
                assertThat(groups.size()).isEqualTo(2);
                JsonObject churn = groups.getJsonObject(1);
                assertThat(churn.getString("groupId")).isEqualTo("churn");
                assertThat(churn.getString("reportedBy")).isEqualTo("kafka-b02");
                assertThat(churn.getString("lagTrend")).isEqualTo("growing");
                assertThat(churn.getDouble("rebalancesPerHour")).isEqualTo(42.0);
                assertThat(churn.getInteger("staticMembers")).isZero();
                if (pass == 0) {
                    // the summaries, workload included, are reloaded from the store at start
                    c.stop();
                    c.start();
                }
            }
        }
    }

    @Test
    void theSameAuthAndIdChecksAsTheOtherViews(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        try (CollectorFixture c = new CollectorFixture(dir, clock, "")) {
            seed(c, clock.instant().minusSeconds(5));
            for (String view : List.of("topics", "groups")) {
                assertThat(c.get("/v1/clusters/c-prod/" + view, null).statusCode()).isEqualTo(401);
                assertThat(c.get("/v1/clusters/c-prod/" + view, "wrong-token-wrong-token").statusCode())
                        .isEqualTo(401);
                assertThat(c.get("/v1/clusters/c-prod/" + view, CollectorFixture.OTHER_TOKEN).statusCode())
                        .isEqualTo(200);
                var missing = c.get("/v1/clusters/c-nope/" + view);
                assertThat(missing.statusCode()).isEqualTo(404);
                assertThat(missing.bodyAsJsonObject().getString("error")).isEqualTo(
                        "no cluster 'c-nope' (see /v1/fleet)");
                var control = c.get("/v1/clusters/c%01prod/" + view);
                assertThat(control.statusCode()).isEqualTo(400);
                assertThat(control.bodyAsJsonObject().getString("error")).contains("control character");
                assertThat(c.get("/v1/clusters/c-prod/" + view + "?limit=0").statusCode()).isEqualTo(400);
                assertThat(c.get("/v1/clusters/c-prod/" + view + "?limit=abc").statusCode()).isEqualTo(400);
                assertThat(c.getJson("/v1/clusters/c-prod/" + view + "?limit=1").getJsonArray(view).size())
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void theClusterViewSerializesTheMilestoneTextsAndLabelsChartPointsByReportTime(@TempDir Path dir)
            throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        try (CollectorFixture c = new CollectorFixture(dir, clock, "")) {
            Instant reported = clock.instant().minus(7, ChronoUnit.MINUTES);
            assertThat(c.post(Reports.broker("kafka-b01", 1).throughput(45e6, 90e6).at(reported).build())
                    .statusCode()).isEqualTo(202);
            JsonObject cl = c.getJson("/v1/clusters/c-prod?hours=24");
            JsonArray table = cl.getJsonArray("milestones");
            assertThat(table.stream().map(m -> ((JsonObject) m).getString("throughputText") + " | "
                    + ((JsonObject) m).getString("brokersText") + " | " + ((JsonObject) m).getString("partitionsText")))
                    .containsExactly("< 10 MB/s | 3 | 3-6", "10 MB/s - 100 MB/s | 5-7 | 10-20",
                            "100 MB/s - 1 GB/s | 10+ | 30-50", "> 1 GB/s | 20+ | 100+");
            JsonObject m = cl.getJsonObject("scale").getJsonObject("milestone");
            assertThat(m.getString("name")).isEqualTo("Medium scale");
            assertThat(m.getString("throughputText")).isEqualTo("10 MB/s - 100 MB/s");
            JsonArray points = cl.getJsonArray("throughput");
            assertThat(points.size()).isEqualTo(1);
            // 24 h in 12-minute buckets: the bucket starts at 09:48, the report is from 09:53
            assertThat(points.getJsonObject(0).getString("at")).isEqualTo("2026-11-25T09:48:00Z");
            assertThat(points.getJsonObject(0).getString("reportedAt")).isEqualTo("2026-11-25T09:53:00Z");
        }
    }

    @Test
    void theDashboardIsServedRenderedUnderUiToo(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            String root = c.get("/", null).bodyAsString();
            assertThat(root).contains("/webjars/chart.js/", "data-viewers=\"token\"").doesNotContain("@CHARTJS@");
            for (String path : List.of("/ui/", "/ui/index.html", "/ui")) {
                var r = c.get(path, null);
                assertThat(r.statusCode()).as(path).isEqualTo(200);
                assertThat(r.bodyAsString()).as(path).isEqualTo(root).doesNotContainPattern("@[A-Z]+@");
            }
            assertThat(c.get("/ui/app.js", null).bodyAsString()).contains("clusterPage");
            assertThat(c.get("/ui/workload.js", null).statusCode()).isEqualTo(200);
        }
    }
}
