package dev.brokertuner.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.store.Migrations;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.Severity;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The alert store's migration (3) and SQL on a real PostgreSQL (Debian's {@code postgresql} package, a throwaway
 * cluster made with initdb in a temp dir and stopped afterwards): the same operations as on H2.
 */
class JdbcAlertStorePostgresTest {
    static Path bin() throws Exception {
        Path root = Path.of("/usr/lib/postgresql");
        assertThat(Files.isDirectory(root)).as("PostgreSQL is missing: this test needs Debian's postgresql package "
                + "(apt-get install -y postgresql)").isTrue();
        try (var versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Path::compareTo).orElseThrow(() -> new AssertionError("no initdb under " + root));
        }
    }

    /** Runs a PostgreSQL tool, as the postgres user when this runs as root (initdb refuses root). */
    static void run(Path dir, String... command) throws Exception {
        List<String> cmd = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("pg-tools.log").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
        assertThat(p.exitValue()).as("%s; output:\n%s", cmd, Files.readString(dir.resolve("pg-tools.log")))
                .isZero();
    }

    @Test
    void theSameOperationsWorkOnPostgresql(@TempDir Path tmp) throws Exception {
        Path bin = bin();
        Path dir = Files.createDirectories(tmp.resolve("pg"));
        if ("root".equals(System.getProperty("user.name"))) {
            new ProcessBuilder("chown", "-R", "postgres", dir.toString()).start().waitFor(30, TimeUnit.SECONDS);
            new ProcessBuilder("chmod", "755", tmp.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("data");
        run(dir, bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "bt", "-E", "UTF8",
                "--no-sync");
        run(dir, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("pg.log").toString(),
                "-w", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        try {
            PGSimpleDataSource db = new PGSimpleDataSource();
            db.setUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
            db.setUser("bt");
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                for (String sql : Migrations.ALL.get(2).statements()) {
                    s.execute(sql);
                }
            }
            ReportJson json = new ReportJson();
            Alert a = JdbcAlertStoreTest.raised("a-1", "kafka-a01", Severity.WARNING);
            Alert b = JdbcAlertStoreTest.raised("a-2", "kafka-a02", Severity.CRITICAL);
            JdbcAlertStore store = new JdbcAlertStore(db, null, json.mapper());
            store.apply(new Step(List.of(a, b), List.of(), List.of()), List.of(
                    new Outgoing(JdbcAlertStoreTest.note("k-1", a, AlertStatus.RAISED), List.of("hook"), null),
                    new Outgoing(JdbcAlertStoreTest.note("k-2", b, AlertStatus.RAISED), List.of("hook"), "s-1")),
                    JdbcAlertStoreTest.T0);
            assertThat(store.next("hook").orElseThrow().notification())
                    .isEqualTo(JdbcAlertStoreTest.note("k-1", a, AlertStatus.RAISED));
            store.attempted(new Attempt("k-1", "hook", 1, JdbcAlertStoreTest.T0, "delivered", "HTTP 200"),
                    DeliveryState.DELIVERED, JdbcAlertStoreTest.T0);
            assertThat(store.next("hook").orElseThrow().delivery().deliveryKey()).isEqualTo("k-2");
            assertThat(store.ack("a-1", new Alert.Ack(JdbcAlertStoreTest.T0, "team-a", "seen"))).isTrue();
            store.addSilence(new Silence("s-1", "c-prod", null, null, "maintenance", "team-a", JdbcAlertStoreTest.T0,
                    JdbcAlertStoreTest.T0.plus(Duration.ofHours(1))));
            assertThat(store.silences(JdbcAlertStoreTest.T0)).extracting(Silence::id).containsExactly("s-1");
            assertThat(store.deleteSilence("s-1")).isTrue();

            JdbcAlertStore again = new JdbcAlertStore(db, null, json.mapper());
            assertThat(again.alerts(AlertStore.Filter.RAISED, "c-prod", 10)).extracting(Alert::id)
                    .containsExactly("a-2", "a-1");
            assertThat(again.open()).extracting(x -> x.id() + " " + (x.ack() == null ? "-" : x.ack().by()))
                    .containsExactlyInAnyOrder("a-1 team-a", "a-2 -");
            assertThat(again.notifications("a-2")).singleElement()
                    .satisfies(n -> assertThat(n.silencedBy()).isEqualTo("s-1"));
            assertThat(again.attempts("a-1")).extracting(Attempt::outcome).containsExactly("delivered");
            again.apply(Step.none(), List.of(new Outgoing(JdbcAlertStoreTest.note("k-3", a, AlertStatus.CLEAR),
                    List.of("hook"), null)), JdbcAlertStoreTest.T0);
            assertThat(again.deliveries("a-1")).extracting(Delivery::seq).containsExactly(1L, 3L);
            JdbcAlertStoreTest.retentionDropsOldEpisodesOnly(again);
        } finally {
            run(dir, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop");
        }
    }
}
