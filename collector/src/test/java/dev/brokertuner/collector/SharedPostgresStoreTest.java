package dev.brokertuner.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.Report;
import dev.brokertuner.testkit.PostgresServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real collectors (in-process {@link CollectorApp}s over HTTP) sharing one real PostgreSQL store: both serve
 * every host whichever collector a report went to, host ownership holds across them, one of them owns retention,
 * and a PostgreSQL restart mid-stream loses no acknowledged report and stores each exactly once.
 */
class SharedPostgresStoreTest {
    static PostgresServer pg;
    static final AtomicInteger DATABASES = new AtomicInteger();

    @BeforeAll
    static void server() {
        pg = PostgresServer.start("shared-store-pw-4567");
    }

    @AfterAll
    static void stopServer() {
        if (pg != null) {
            pg.close();
        }
    }

    /** A new database and the {@code store:} section of a collector using it. */
    static String storeYaml(Path dir) {
        return pg.storeYaml(dir, "fleet_" + DATABASES.incrementAndGet());
    }

    static CollectorFixture collector(Path dir, String storeYaml) throws Exception {
        Files.createDirectories(dir);
        return new CollectorFixture(dir, Clock.systemUTC(), storeYaml);
    }

    /** A report id (a UUID, as agents make) named by a label. */
    static String id(String label) {
        return java.util.UUID.nameUUIDFromBytes(label.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    static Report report(String host, String label, int n) {
        return Reports.broker(host, 1).id(id(label)).at(Instant.now().minusSeconds(600).plusSeconds(n)).build();
    }

    /** Waits (up to 30 s) until the check holds; fails with its last state otherwise. */
    static void eventually(String what, Callable<Boolean> check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!check.call()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    static String reportIdServed(CollectorFixture c, String host) throws Exception {
        HttpResponse<Buffer> r = c.get("/v1/hosts/" + host + "?history=1");
        return r.statusCode() == 200 ? r.bodyAsJsonObject().getJsonObject("summary").getString("reportId") : null;
    }

    @Test
    void twoCollectorsServeEveryHostWhicheverCollectorItsReportWentTo(@TempDir Path dir) throws Exception {
        String store = storeYaml(dir);
        try (CollectorFixture a = collector(dir.resolve("a"), store);
             CollectorFixture b = collector(dir.resolve("b"), store)) {
            for (int i = 0; i < 3; i++) {
                assertThat(a.post(report("kafka-a" + i, "a" + i, i)).statusCode()).isEqualTo(202);
                assertThat(b.post(report("kafka-b" + i, "b" + i, i)).statusCode()).isEqualTo(202);
            }
            for (CollectorFixture c : List.of(a, b)) {
                for (int i = 0; i < 3; i++) {
                    String ha = "kafka-a" + i;
                    String hb = "kafka-b" + i;
                    String ia = id("a" + i);
                    String ib = id("b" + i);
                    eventually("both collectors serve " + ha, () -> ia.equals(reportIdServed(c, ha)));
                    eventually("both collectors serve " + hb, () -> ib.equals(reportIdServed(c, hb)));
                }
            }
            // a newer report through the other collector replaces the host's latest on both
            assertThat(b.post(report("kafka-a0", "a0-next", 100)).statusCode()).isEqualTo(202);
            eventually("the collector that stored a0 first sees its newer report",
                    () -> id("a0-next").equals(reportIdServed(a, "kafka-a0")));
            for (CollectorFixture c : List.of(a, b)) {
                // the shared store's count, not this collector's own writes (3 or 4 each)
                eventually("/metrics counts the shared store's 7 reports on both", () -> c.get("/metrics")
                        .bodyAsString().contains("\nbroker_tuner_collector_store_reports 7.0\n"));
            }
            assertThat(a.getJson("/v1/fleet?fresh=true").getInteger("hosts")).isEqualTo(6);
            assertThat(b.getJson("/v1/fleet?fresh=true").getInteger("hosts")).isEqualTo(6);
            // team-a registered kafka-a1 through collector a; collector b refuses team-b writing for it
            Report foreign = report("kafka-a1", "foreign", 200);
            HttpResponse<Buffer> refused = b.post(CollectorFixture.gzip(b.json.write(foreign)), "gzip",
                    foreign.reportId(), CollectorFixture.OTHER_TOKEN);
            assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(403);
        }
    }

    @Test
    void theSameReportSentToBothCollectorsAtOnceIsStoredOnce(@TempDir Path dir) throws Exception {
        String store = storeYaml(dir);
        try (CollectorFixture a = collector(dir.resolve("a"), store);
             CollectorFixture b = collector(dir.resolve("b"), store)) {
            for (int i = 0; i < 20; i++) {
                Report r = report("kafka-" + (i % 4), "same" + i, i);
                CompletableFuture<Integer> toA = CompletableFuture.supplyAsync(() -> status(a, r));
                CompletableFuture<Integer> toB = CompletableFuture.supplyAsync(() -> status(b, r));
                assertThat(List.of(toA.get(60, TimeUnit.SECONDS), toB.get(60, TimeUnit.SECONDS)))
                        .as("one stored (202), the other a duplicate (200)").containsExactlyInAnyOrder(202, 200);
            }
            assertThat(count(store, "SELECT COUNT(*) FROM reports")).isEqualTo(20);
        }
    }

    static int status(CollectorFixture c, Report r) {
        try {
            return c.post(r).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void oneCollectorOwnsRetentionAndTheOtherTakesItOverWhenItStops(@TempDir Path dir) throws Exception {
        String store = storeYaml(dir);
        try (CollectorFixture a = collector(dir.resolve("a"), store);
             CollectorFixture b = collector(dir.resolve("b"), store)) {
            eventually("one collector owns the once-only work",
                    () -> a.app().ownsOnceWork() || b.app().ownsOnceWork());
            CollectorFixture owner = a.app().ownsOnceWork() ? a : b;
            CollectorFixture other = owner == a ? b : a;
            assertThat(other.app().ownsOnceWork()).isFalse();
            // an old report (received long ago) and the host's latest
            Report old = Reports.broker("kafka-r", 1).id(id("old")).at(Instant.parse("2020-01-01T00:00:00Z")).build();
            assertThat(owner.post(old).statusCode()).isEqualTo(202);
            try (Connection c = sql(store); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE reports SET received_at = 0 WHERE report_id = '" + id("old") + "'");
            }
            assertThat(other.post(report("kafka-r", "latest", 1)).statusCode()).isEqualTo(202);
            assertThat(other.app().retentionNow()).as("not the owner: it leaves retention to the owner").isZero();
            assertThat(count(store, "SELECT COUNT(*) FROM reports")).isEqualTo(2);
            owner.stop();
            eventually("the other collector takes the once-only work over", () -> other.app().ownsOnceWork());
            assertThat(other.app().retentionNow()).isEqualTo(1);
            assertThat(count(store, "SELECT COUNT(*) FROM reports")).isEqualTo(1);
            owner.start();
        }
    }

    @Test
    void aPostgresRestartMidStreamLosesNoAcknowledgedReportAndStoresEachOnce(@TempDir Path dir) throws Exception {
        String store = storeYaml(dir);
        try (CollectorFixture a = collector(dir.resolve("a"), store);
             CollectorFixture b = collector(dir.resolve("b"), store)) {
            List<CollectorFixture> both = List.of(a, b);
            Set<String> acknowledged = java.util.Collections.synchronizedSet(new HashSet<>());
            AtomicInteger refusedWithRetryAfter = new AtomicInteger();
            List<Report> reports = new ArrayList<>();
            for (int i = 0; i < 45; i++) {
                reports.add(report("kafka-" + (i % 15), "r" + i, i));
            }
            // like an agent: retry on 503 (after Retry-After) until 202 (stored) or 200 (a duplicate of a stored one)
            java.util.function.IntConsumer deliver = i -> {
                Report r = reports.get(i);
                CollectorFixture to = both.get(i % 2);
                try {
                    while (true) {
                        HttpResponse<Buffer> resp = to.post(r);
                        if (resp.statusCode() == 202 || resp.statusCode() == 200) {
                            acknowledged.add(r.reportId());
                            return;
                        }
                        assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(503);
                        assertThat(resp.getHeader("Retry-After")).isNotBlank();
                        refusedWithRetryAfter.incrementAndGet();
                        Thread.sleep(200);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            for (int i = 0; i < 15; i++) {
                deliver.accept(i);
            }
            pg.stop();
            CompletableFuture<Void> during;
            try {
                for (CollectorFixture c : both) {
                    eventually("/health says store-failing during the outage, before any report fails", () -> {
                        HttpResponse<Buffer> h = c.get("/health", null);
                        return h.statusCode() == 503
                                && "store-failing".equals(h.bodyAsJsonObject().getString("status"));
                    });
                }
                during = CompletableFuture.runAsync(() -> {
                    for (int i = 15; i < 30; i++) {
                        deliver.accept(i);
                    }
                });
                eventually("ingest refuses with 503 and Retry-After", () -> refusedWithRetryAfter.get() > 0);
            } finally {
                pg.start();
            }
            during.get(120, TimeUnit.SECONDS);
            for (int i = 30; i < 45; i++) {
                deliver.accept(i);
            }
            for (CollectorFixture c : both) {
                eventually("/health is ok again", () -> c.get("/health", null).statusCode() == 200);
            }
            assertThat(acknowledged).hasSize(45);
            assertThat(count(store, "SELECT COUNT(*) FROM reports")).isEqualTo(45);
            assertThat(count(store, "SELECT COUNT(DISTINCT report_id) FROM reports")).isEqualTo(45);
            assertThat(count(store, "SELECT COUNT(*) FROM hosts")).isEqualTo(15);
            for (CollectorFixture c : both) {
                for (int h = 0; h < 15; h++) {
                    String host = "kafka-" + h;
                    String latest = id("r" + (30 + h));
                    eventually("both serve " + host + "'s latest", () -> latest.equals(reportIdServed(c, host)));
                }
            }
        }
    }

    static Connection sql(String storeYaml) throws Exception {
        String url = storeYaml.lines().filter(l -> l.strip().startsWith("url:")).findFirst().orElseThrow()
                .replaceAll(".*\"(.*)\".*", "$1");
        return DriverManager.getConnection(url, PostgresServer.USER, pg.password());
    }

    static long count(String storeYaml, String query) throws Exception {
        try (Connection c = sql(storeYaml); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
