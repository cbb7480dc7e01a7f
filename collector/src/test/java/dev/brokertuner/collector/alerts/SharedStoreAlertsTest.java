package dev.brokertuner.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.Reports;
import dev.brokertuner.testkit.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts with two real collectors on one real PostgreSQL store: the lifecycle and the deliveries belong to the
 * collector holding the once-only lock, which takes every host's reports from the store's feed, so a host whose
 * reports alternate between the collectors raises one alert, notified once, and the collector that takes over the
 * lock when the holder stops clears it (from the open alerts the first one wrote), notified once.
 */
class SharedStoreAlertsTest {
    static PostgresServer pg;

    @BeforeAll
    static void server() {
        pg = PostgresServer.start("shared-alerts-pw-8642");
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    static String storeYaml(Path dir, String db) {
        return pg.storeYaml(dir, db);
    }

    /** Waits until a collector's view of the host shows the report made at {@code at}. */
    static void seen(AlertCollector c, String host, Instant at) throws InterruptedException {
        AlertDeliveryTest.await(c.url() + " sees the report of " + at, () -> {
            try {
                return at.toString().equals(c.get("/v1/hosts/" + host).getJsonObject("summary")
                        .getString("generatedAt"));
            } catch (Exception | AssertionError e) {
                return false;
            }
        });
    }

    @Test
    void aHostReportingToBothCollectorsRaisesAndClearsOnceAndTheLockHolderHandsOver(@TempDir Path dir)
            throws Exception {
        String store = storeYaml(dir, "alerts_shared");
        Path da = Files.createDirectories(dir.resolve("a"));
        Path db = Files.createDirectories(dir.resolve("b"));
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));
        try (WebhookSink sink = new WebhookSink().up(false)) {
            AlertsConfig alerts = AlertCollector.webhook(sink.url(), null);
            AlertCollector a = new AlertCollector(da, Clock.systemUTC(), store, alerts, AlertDeliveryTest.FAST);
            AlertCollector b = new AlertCollector(db, Clock.systemUTC(), store, alerts, AlertDeliveryTest.FAST);
            AlertCollector stopped = null;
            try {
                AlertDeliveryTest.await("one collector holds the lock", () -> a.ownsOnceWork() ^ b.ownsOnceWork());
                AlertCollector holder = a.ownsOnceWork() ? a : b;
                AlertCollector other = holder == a ? b : a;
                // the first report through the collector without the lock, the second through the holder
                assertThat(other.post(Reports.broker("kafka-s01", 1).swappiness("60").at(t).build()))
                        .isEqualTo(202);
                seen(holder, "kafka-s01", t);
                assertThat(holder.post(Reports.broker("kafka-s01", 1).swappiness("60").at(t.plusSeconds(60))
                        .build())).isEqualTo(202);
                sink.await(1);
                assertThat(sink.statuses()).containsExactly("RAISED host.vm.swappiness kafka-s01");
                String id = sink.accepted.get(0).get("id").asText();

                // the holder stops: the other takes the lock and, with it, the open alert
                holder.close();
                stopped = holder;
                AlertDeliveryTest.await("the other collector takes the lock", other::ownsOnceWork);
                assertThat(other.post(Reports.broker("kafka-s01", 1).at(t.plusSeconds(120)).build()))
                        .isEqualTo(202);
                // the lifecycle takes each host's latest state from the feed (polled every 500 ms): wait until it
                // has taken this report before the next, or the feed would pass on only the newer one
                AlertDeliveryTest.await("the new holder counts the first clean report", () -> {
                    try {
                        return other.get("/v1/alerts?state=raised").getJsonArray("alerts").getJsonObject(0)
                                .getInteger("absentReports") == 1;
                    } catch (Exception | AssertionError e) {
                        return false;
                    }
                });
                assertThat(other.post(Reports.broker("kafka-s01", 1).at(t.plusSeconds(180)).build()))
                        .isEqualTo(202);
                sink.await(2);
                Thread.sleep(1500); // anything notified twice would arrive now
                assertThat(sink.statuses()).containsExactly("RAISED host.vm.swappiness kafka-s01",
                        "CLEAR host.vm.swappiness kafka-s01");
                assertThat(sink.accepted.get(1).get("id").asText()).isEqualTo(id);
                assertThat(sink.keys).doesNotHaveDuplicates();
            } finally {
                if (stopped != a) {
                    a.close();
                }
                if (stopped != b) {
                    b.close();
                }
            }
        }
    }
}
