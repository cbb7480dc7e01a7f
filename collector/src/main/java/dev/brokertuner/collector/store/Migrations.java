package dev.brokertuner.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's schema, as numbered migrations applied in order, each once, each in its own transaction and recorded
 * in {@code schema_migrations}. A database newer than this build (an unknown version recorded) is refused rather
 * than written to. Add a migration by appending to {@link #ALL}; never edit a released one.
 */
public final class Migrations {
    /**
     * One schema step.
     *
     * @param version     1, 2, ...
     * @param description what it does
     * @param statements  SQL, run in order
     */
    public record Migration(int version, String description, List<String> statements) {
    }

    /** Every migration, in order. */
    public static final List<Migration> ALL = List.of(
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
                      body         VARBINARY(67108864) NOT NULL
                    )""",
                    "CREATE INDEX reports_host ON reports(hostname, generated_at)",
                    "CREATE INDEX reports_cluster ON reports(cluster_key, generated_at)",
                    "CREATE INDEX reports_received ON reports(received_at)",
                    """
                    CREATE TABLE hosts (
                      hostname     VARCHAR(255) PRIMARY KEY,
                      report_id    VARCHAR(200) NOT NULL,
                      generated_at BIGINT NOT NULL,
                      summary      VARBINARY(1048576) NOT NULL
                    )""")),
            new Migration(2, "host owners (the token that registered each host) and the latest ordered by "
                    + "min(generatedAt, receivedAt)", List.of(
                    """
                    CREATE TABLE host_owners (
                      hostname     VARCHAR(255) PRIMARY KEY,
                      sender       VARCHAR(64) NOT NULL
                    )""",
                    // the sender of each host's earliest kept report registered it
                    """
                    INSERT INTO host_owners(hostname, sender)
                    SELECT r.hostname, MIN(r.sender) FROM reports r
                    JOIN (SELECT hostname, MIN(received_at) AS first_at FROM reports GROUP BY hostname) f
                      ON r.hostname = f.hostname AND r.received_at = f.first_at
                    GROUP BY r.hostname""",
                    "ALTER TABLE hosts ADD COLUMN order_at BIGINT",
                    // a report dated in the future orders at its receive time, so a later one replaces it
                    """
                    UPDATE hosts SET order_at = LEAST(generated_at, COALESCE(
                      (SELECT r.received_at FROM reports r WHERE r.report_id = hosts.report_id), generated_at))""",
                    "ALTER TABLE hosts ALTER COLUMN order_at SET NOT NULL")),
            new Migration(3, "alerts: episodes with their counters and acknowledgement, notifications, the "
                    + "delivery queue with every attempt, silences", List.of(
                    """
                    CREATE TABLE alerts (
                      alert_id          VARCHAR(64) PRIMARY KEY,
                      hostname          VARCHAR(255) NOT NULL,
                      rule_id           VARCHAR(200) NOT NULL,
                      subject           VARCHAR(400) NOT NULL,
                      cluster_key       VARCHAR(255),
                      state             VARCHAR(16) NOT NULL,
                      severity          VARCHAR(16) NOT NULL,
                      seen              INT NOT NULL,
                      absent            INT NOT NULL,
                      first_seen_at     BIGINT NOT NULL,
                      raised_at         BIGINT,
                      cleared_at        BIGINT,
                      last_notified_at  BIGINT,
                      current_value     VARCHAR(1000),
                      recommended_value VARCHAR(1000),
                      message           VARCHAR(8000),
                      acked_at          BIGINT,
                      acked_by          VARCHAR(64),
                      ack_comment       VARCHAR(1000),
                      updated_at        BIGINT NOT NULL
                    )""",
                    "CREATE INDEX alerts_state ON alerts(state, raised_at)",
                    "CREATE INDEX alerts_key ON alerts(hostname, rule_id)",
                    """
                    CREATE TABLE alert_notifications (
                      delivery_key VARCHAR(64) PRIMARY KEY,
                      seq          BIGINT NOT NULL UNIQUE,
                      alert_id     VARCHAR(64) NOT NULL,
                      status       VARCHAR(16) NOT NULL,
                      created_at   BIGINT NOT NULL,
                      silenced_by  VARCHAR(64),
                      payload      VARCHAR(65536) NOT NULL
                    )""",
                    "CREATE INDEX alert_notifications_alert ON alert_notifications(alert_id, seq)",
                    """
                    CREATE TABLE alert_deliveries (
                      delivery_key    VARCHAR(64) NOT NULL,
                      receiver        VARCHAR(100) NOT NULL,
                      seq             BIGINT NOT NULL,
                      alert_id        VARCHAR(64) NOT NULL,
                      status          VARCHAR(16) NOT NULL,
                      state           VARCHAR(16) NOT NULL,
                      attempts        INT NOT NULL,
                      next_try_at     BIGINT NOT NULL,
                      last_result     VARCHAR(1000),
                      last_attempt_at BIGINT,
                      PRIMARY KEY (delivery_key, receiver)
                    )""",
                    "CREATE INDEX alert_deliveries_queue ON alert_deliveries(receiver, state, seq)",
                    "CREATE INDEX alert_deliveries_alert ON alert_deliveries(alert_id, seq)",
                    """
                    CREATE TABLE alert_attempts (
                      delivery_key VARCHAR(64) NOT NULL,
                      receiver     VARCHAR(100) NOT NULL,
                      attempt      INT NOT NULL,
                      alert_id     VARCHAR(64) NOT NULL,
                      attempted_at BIGINT NOT NULL,
                      outcome      VARCHAR(16) NOT NULL,
                      detail       VARCHAR(1000),
                      PRIMARY KEY (delivery_key, receiver, attempt)
                    )""",
                    "CREATE INDEX alert_attempts_alert ON alert_attempts(alert_id, attempted_at)",
                    """
                    CREATE TABLE alert_silences (
                      silence_id   VARCHAR(64) PRIMARY KEY,
                      cluster_key  VARCHAR(255),
                      hostname     VARCHAR(255),
                      rule_id      VARCHAR(200),
                      comment_text VARCHAR(1000) NOT NULL,
                      created_by   VARCHAR(64) NOT NULL,
                      created_at   BIGINT NOT NULL,
                      expires_at   BIGINT NOT NULL
                    )""")));

    private Migrations() {
    }

    /** Applies what is missing; returns the versions applied now. */
    public static List<Integer> apply(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INT PRIMARY KEY, "
                        + "description VARCHAR(500) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            }
            c.commit();
            int current = 0;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) {
                rs.next();
                current = rs.getInt(1);
            }
            int known = ALL.get(ALL.size() - 1).version();
            if (current > known) {
                throw new SQLException("the store is at schema version " + current + " but this collector knows "
                        + "up to " + known + "; run a newer collector");
            }
            List<Integer> applied = new java.util.ArrayList<>();
            for (Migration m : ALL) {
                if (m.version() <= current) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : m.statements()) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO schema_migrations(version, description, applied_at) "
                                + "VALUES (?, ?, CURRENT_TIMESTAMP)")) {
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
            c.setAutoCommit(auto);
        }
    }
}
