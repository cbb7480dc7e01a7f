package dev.brokertuner.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brokertuner.collector.fleet.HostSummary;
import dev.brokertuner.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract over a real PostgreSQL (one server for the class, a new database per test), plus what only a
 * shared store does: migrations once under concurrent starts, a newer schema refused, the change feed, the
 * once-only lock, and an outage (pg_ctl stop/start) that fails calls with {@link StoreException} and heals.
 */
class PostgresReportStoreTest extends ReportStoreContract {
    static PostgresServer pg;
    static final AtomicInteger DATABASES = new AtomicInteger();
    String database;

    @BeforeAll
    static void server() {
        pg = PostgresServer.start("store-test-pw-0123");
    }

    @AfterAll
    static void stopServer() {
        if (pg != null) {
            pg.close();
        }
    }

    PostgresReportStore openOn(String db) throws StoreException {
        return PostgresReportStore.open(pg.jdbcUrl(db), PostgresServer.USER, pg.password(), 4, json.mapper());
    }

    @Override
    ReportStore openEmpty() throws Exception {
        database = "store_" + DATABASES.incrementAndGet();
        pg.createDatabase(database);
        return openOn(database);
    }

    @Override
    ReportStore reopen() throws Exception {
        return openOn(database);
    }

    Connection sql() throws Exception {
        return DriverManager.getConnection(pg.jdbcUrl(database), PostgresServer.USER, pg.password());
    }

    @Test
    void collectorsStartingTogetherMigrateOnce() throws Exception {
        String db = "store_" + DATABASES.incrementAndGet();
        pg.createDatabase(db);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<PostgresReportStore>> opening = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                opening.add(pool.submit((Callable<PostgresReportStore>) () -> openOn(db)));
            }
            for (Future<PostgresReportStore> f : opening) {
                f.get(60, TimeUnit.SECONDS).close();
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db), PostgresServer.USER, pg.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, COUNT(*) FROM schema_migrations GROUP BY version "
                     + "ORDER BY version")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getInt(1) + "x" + rs.getInt(2));
            }
            assertThat(rows).isEqualTo(PostgresMigrations.ALL.stream().map(m -> m.version() + "x1").toList());
        }
    }

    @Test
    void aDatabaseNewerThanThisBuildIsRefused() throws Exception {
        store.close();
        try (Connection c = sql(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_migrations VALUES (999, 'from the future', CURRENT_TIMESTAMP)");
        }
        assertThatThrownBy(() -> openOn(database)).isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 999").hasMessageContaining("run a newer collector");
        try (Connection c = sql(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM schema_migrations WHERE version = 999");
        }
        store = openOn(database);
        assertThat(store.reportCount()).isZero();
    }

    @Test
    void everyConnectionCommitsSynchronouslyWhateverTheDatabaseDefault() throws Exception {
        store.close();
        try (Connection c = sql(); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + database + " SET synchronous_commit = off");
        }
        try (Connection c = sql(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SHOW synchronous_commit")) {
            rs.next();
            assertThat(rs.getString(1)).as("the database's default for other clients").isEqualTo("off");
        }
        store = openOn(database);
        assertThat(((PostgresReportStore) store).setting("synchronous_commit")).isEqualTo("on");
    }

    @Test
    void anUnreachableServerOrARefusedLoginIsAClearError() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> PostgresReportStore.open("jdbc:postgresql://127.0.0.1:" + closed + "/fleet",
                PostgresServer.USER, pg.password(), 2, json.mapper())).isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot connect to the PostgreSQL store jdbc:postgresql://127.0.0.1:" + closed)
                .hasMessageContaining("refused");
        assertThatThrownBy(() -> PostgresReportStore.open(pg.jdbcUrl(database), PostgresServer.USER,
                "not-the-password", 2, json.mapper())).isInstanceOf(StoreException.class)
                .hasMessageContaining("password authentication failed").hasMessageNotContaining("not-the-password");
    }

    @Test
    void theChangeFeedGivesEveryHostStoredAfterAPositionWithItsOwner() throws Exception {
        SharedStore shared = (SharedStore) store;
        store.store(List.of(at("h1", "r1", T0)));
        long from = shared.feedPosition();
        try (PostgresReportStore other = openOn(database)) {
            other.store(List.of(at("h2", "r2", T0), at("h3", "r3", T0)));
            other.store(List.of(at("h1", "r4", T0.plusSeconds(30))));
            other.store(List.of(at("h2", "older", T0.minusSeconds(30))));
        }
        SharedStore.HostChanges changes = shared.changesSince(from, 100);
        assertThat(changes.changes()).extracting(c -> c.summary().reportId()).containsExactly("r2", "r3", "r4");
        assertThat(changes.changes()).extracting(SharedStore.HostChange::owner).containsOnly("team-a");
        assertThat(shared.changesSince(changes.position(), 100).changes()).isEmpty();
        assertThat(shared.changesSince(from, 2).changes()).extracting(c -> c.summary().hostname())
                .containsExactly("h2", "h3");
    }

    @Test
    void theOnceOnlyLockIsHeldByOneAtATimeAndPassesOnWhenItsHolderStops() throws Exception {
        SharedStore shared = (SharedStore) store;
        try (LeaderLock a = shared.onceLock(); LeaderLock b = shared.onceLock()) {
            a.tick();
            b.tick();
            assertThat(a.held()).isTrue();
            assertThat(b.held()).isFalse();
            a.tick();
            b.tick();
            assertThat(List.of(a.held(), b.held())).containsExactly(true, false);
            a.close();
            // the server frees the lock when a's backend has ended, a moment after the client closed
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!b.held() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                b.tick();
            }
            assertThat(b.held()).isTrue();
        }
    }

    @Test
    void anOutageFailsCallsWithAStoreExceptionAndTheStoreHealsWhenPostgresIsBack() throws Exception {
        SharedStore shared = (SharedStore) store;
        store.store(List.of(at("h1", "r1", T0)));
        try (LeaderLock lock = shared.onceLock()) {
            lock.tick();
            assertThat(lock.held()).isTrue();
            pg.stop();
            try {
                assertThatThrownBy(() -> store.store(List.of(at("h1", "r2", T0.plusSeconds(30)))))
                        .isInstanceOf(StoreException.class).hasMessageContaining("storing 1 report(s) failed");
                assertThatThrownBy(() -> shared.changesSince(0, 10)).isInstanceOf(StoreException.class);
                assertThatThrownBy(store::latestSummaries).isInstanceOf(StoreException.class);
                lock.tick();
                assertThat(lock.held()).as("a dead session holds no lock").isFalse();
            } finally {
                pg.start();
            }
            // the pool reconnects by itself, after its retry backoff (up to 5 s)
            Incoming r2 = at("h1", "r2", T0.plusSeconds(30));
            assertThat(eventually(() -> store.store(List.of(r2)))).containsExactly(StoreOutcome.STORED);
            assertThat(store.latestSummaries()).extracting(HostSummary::reportId).containsExactly("r2");
            lock.tick();
            assertThat(lock.held()).isTrue();
        }
    }

    /** The call's result once it stops failing with a StoreException, within 30 s. */
    static <T> T eventually(Callable<T> call) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return call.call();
            } catch (StoreException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
