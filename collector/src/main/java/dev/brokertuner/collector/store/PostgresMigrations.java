package dev.brokertuner.collector.store;

import dev.brokertuner.collector.store.Migrations.Migration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The PostgreSQL store's schema: the same numbered steps as {@link Migrations} (recorded in the same
 * {@code schema_migrations} table), run once however many collectors start at the same moment, because the runner
 * holds {@code pg_advisory_lock(}{@link AdvisoryLocks#MIGRATIONS}{@code )} for the whole run and re-reads the
 * version under it. A database newer than this build is refused.
 *
 * <p>Versions 1 and 2 are written again in PostgreSQL's dialect ({@code BYTEA} for H2's {@code VARBINARY}), and
 * version 2 also adds {@code hosts.updated_seq}, the position of the change feed ({@link PostgresReportStore}).
 * Every later version is taken from {@link Migrations#ALL} as it is: migrations from version 3 on are written in
 * SQL that both databases run, so a step is added once, for both stores.
 */
public final class PostgresMigrations {
    /** The last version written separately for PostgreSQL; later ones are shared with H2. */
    static final int OWN_UP_TO = 2;

    private static final List<Migration> OWN = List.of(
            new Migration(1, "reports and latest report per host", List.of(
                    """
                    CREATE TABLE reports (
                      report_id    VARCHAR(200) PRIMARY KEY,
                      hostname     VARCHAR(255) NOT NULL,
                      cluster_key  VARCHAR(255) NOT NULL,
                      sender       VARCHAR(64) NOT NULL,
                      generated_at BIGINT NOT NULL,
                      received_at  BIGINT NOT NULL,
                      critical     INT NOT NULL,
                      warning      INT NOT NULL,
                      info         INT NOT NULL,
                      bytes_in     DOUBLE PRECISION,
                      bytes_out    DOUBLE PRECISION,
                      body         BYTEA NOT NULL
                    )""",
                    "CREATE INDEX reports_host ON reports(hostname, generated_at)",
                    "CREATE INDEX reports_cluster ON reports(cluster_key, generated_at)",
                    "CREATE INDEX reports_received ON reports(received_at)",
                    """
                    CREATE TABLE hosts (
                      hostname     VARCHAR(255) PRIMARY KEY,
                      report_id    VARCHAR(200) NOT NULL,
                      generated_at BIGINT NOT NULL,
                      summary      BYTEA NOT NULL
                    )""")),
            new Migration(2, "host owners, the latest ordered by min(generatedAt, receivedAt), and the hosts "
                    + "change feed (updated_seq)", List.of(
                    """
                    CREATE TABLE host_owners (
                      hostname     VARCHAR(255) PRIMARY KEY,
                      sender       VARCHAR(64) NOT NULL
                    )""",
                    "ALTER TABLE hosts ADD COLUMN order_at BIGINT NOT NULL DEFAULT 0",
                    "CREATE SEQUENCE hosts_feed_seq",
                    "ALTER TABLE hosts ADD COLUMN updated_seq BIGINT NOT NULL DEFAULT 0",
                    "CREATE INDEX hosts_updated ON hosts(updated_seq)")));

    /** Every migration, in order: {@link #OWN} then the shared ones of {@link Migrations#ALL}. */
    public static final List<Migration> ALL = Stream.concat(OWN.stream(),
            Migrations.ALL.stream().filter(m -> m.version() > OWN_UP_TO)).toList();

    private PostgresMigrations() {
    }

    /** Applies what is missing of {@link #ALL}; returns the versions applied now (empty when another did it). */
    public static List<Integer> apply(Connection c) throws SQLException {
        return apply(c, ALL);
    }

    /**
     * Applies what is missing of {@code all} (ordered by version), each step in its own transaction, under the
     * migration lock; returns the versions applied now.
     */
    public static List<Integer> apply(Connection c, List<Migration> all) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, AdvisoryLocks.MIGRATIONS);
            lock.execute();
        }
        try {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INT PRIMARY KEY, "
                        + "description VARCHAR(500) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            }
            c.commit();
            int current;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) {
                rs.next();
                current = rs.getInt(1);
            }
            c.commit();
            int known = all.get(all.size() - 1).version();
            if (current > known) {
                throw new SQLException("the store is at schema version " + current + " but this collector knows "
                        + "up to " + known + "; run a newer collector");
            }
            List<Integer> applied = new ArrayList<>();
            for (Migration m : all) {
                if (m.version() <= current) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : m.statements()) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_migrations(version, description, "
                        + "applied_at) VALUES (?, ?, CURRENT_TIMESTAMP)")) {
                    p.setInt(1, m.version());
                    p.setString(2, m.description());
                    p.executeUpdate();
                }
                c.commit();
                applied.add(m.version());
            }
            return applied;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
            try (PreparedStatement unlock = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                unlock.setLong(1, AdvisoryLocks.MIGRATIONS);
                unlock.execute();
            }
            c.setAutoCommit(auto);
        }
    }
}
