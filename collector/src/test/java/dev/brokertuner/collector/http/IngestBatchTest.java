package dev.brokertuner.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.report.Report;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports of new hosts posted at once over real HTTP, so that the store writer takes them in shared batches: a
 * refused host fails only itself, a new host's first and second report both count, and two tokens racing for one
 * new host cannot both have it.
 */
class IngestBatchTest {
    private static Future<HttpResponse<Buffer>> postAsync(CollectorFixture c, Report r, String token)
            throws Exception {
        return c.client.post(c.port(), "127.0.0.1", "/v1/reports").putHeader("Content-Type", "application/json")
                .putHeader("Content-Encoding", "gzip").putHeader("Authorization", "Bearer " + token)
                .timeout(30_000).sendBuffer(Buffer.buffer(CollectorFixture.gzip(c.json.write(r))));
    }

    private static List<Integer> statuses(List<Future<HttpResponse<Buffer>>> posts) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (Future<HttpResponse<Buffer>> f : posts) {
            out.add(f.await(30, TimeUnit.SECONDS).statusCode());
        }
        return out;
    }

    @Test
    void aRefusedHostAmongNewHostsPostedAtOnceFailsOnlyItself(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            Report owned = Reports.broker("kafka-owned", 1).build();
            assertThat(c.post(owned).statusCode()).isEqualTo(202);
            Instant now = Instant.now();
            List<Future<HttpResponse<Buffer>>> posts = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                if (i == 12) {
                    posts.add(postAsync(c, Reports.broker("kafka-owned", 1).at(now).build(),
                            CollectorFixture.OTHER_TOKEN));
                }
                posts.add(postAsync(c, Reports.broker("kafka-new-" + i, i).at(now).build(),
                        CollectorFixture.OTHER_TOKEN));
            }
            List<Integer> got = statuses(posts);
            assertThat(got.get(12)).isEqualTo(403);
            assertThat(got.subList(0, 12)).containsOnly(202);
            assertThat(got.subList(13, got.size())).hasSize(30 - 12).containsOnly(202);
            assertThat(c.getJson("/v1/fleet").getInteger("hosts")).isEqualTo(31);
            assertThat(c.getJson("/v1/hosts/kafka-owned").getJsonObject("summary").getString("reportId"))
                    .isEqualTo(owned.reportId());
            JsonObject fresh = c.getJson("/v1/hosts/kafka-new-29").getJsonObject("summary");
            assertThat(fresh.getString("sender")).isEqualTo("team-b");
            // the new hosts are team-b's now: team-a may not write for them
            assertThat(c.post(Reports.broker("kafka-new-3", 3).at(now.plusSeconds(1)).build()).statusCode())
                    .isEqualTo(403);
        }
    }

    @Test
    void aNewHostsFirstAndSecondReportPostedAtOnceBothCount(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            Instant now = Instant.now();
            Report first = Reports.broker("kafka-race", 1).at(now.minusSeconds(30)).build();
            Report second = Reports.broker("kafka-race", 1).at(now).build();
            // the second is sent first: the latest must still be the later one
            List<Integer> got = statuses(List.of(postAsync(c, second, CollectorFixture.TOKEN),
                    postAsync(c, first, CollectorFixture.TOKEN), postAsync(c, second, CollectorFixture.TOKEN)));
            assertThat(got).containsExactlyInAnyOrder(202, 202, 200);
            JsonObject host = c.getJson("/v1/hosts/kafka-race");
            assertThat(host.getJsonObject("summary").getString("reportId")).isEqualTo(second.reportId());
            assertThat(host.getJsonArray("history")).hasSize(2);
            assertThat(c.get("/metrics", null).bodyAsString())
                    .contains("broker_tuner_collector_store_reports 2.0", "broker_tuner_collector_store_hosts 1.0");
        }
    }

    @Test
    void twoTokensRacingForOneNewHostCannotBothHaveIt(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            Instant now = Instant.now();
            Report a = Reports.broker("kafka-contested", 1).at(now).build();
            Report b = Reports.broker("kafka-contested", 1).at(now.minusSeconds(1)).build();
            List<Integer> got = statuses(List.of(postAsync(c, a, CollectorFixture.TOKEN),
                    postAsync(c, b, CollectorFixture.OTHER_TOKEN)));
            assertThat(got).containsExactlyInAnyOrder(202, 403);
            String winner = got.get(0) == 202 ? "team-a" : "team-b";
            JsonObject summary = c.getJson("/v1/hosts/kafka-contested").getJsonObject("summary");
            assertThat(summary.getString("sender")).isEqualTo(winner);
            assertThat(c.getJson("/v1/hosts/kafka-contested").getJsonArray("history")).hasSize(1);
            // after a restart the store, not memory, says who owns it
            c.stop();
            c.start();
            Report later = Reports.broker("kafka-contested", 1).at(now.plusSeconds(1)).build();
            String loser = winner.equals("team-a") ? CollectorFixture.OTHER_TOKEN : CollectorFixture.TOKEN;
            assertThat(statuses(List.of(postAsync(c, later, loser)))).containsExactly(403);
        }
    }
}
