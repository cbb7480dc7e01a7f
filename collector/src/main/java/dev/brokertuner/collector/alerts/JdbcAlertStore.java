package dev.brokertuner.collector.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brokertuner.report.Severity;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * {@link AlertStore} over plain JDBC with SQL that runs on H2 and PostgreSQL alike (standard INSERT/UPDATE, no
 * MERGE, BIGINT epoch millis, VARCHAR), in the tables of migration 3. Each write is one transaction followed by
 * {@code durableSql} (H2's {@code CHECKPOINT SYNC}; null where a commit is durable by itself, as on PostgreSQL),
 * so a {@code kill -9} after a method returns loses none of it. Writes are serialized by this object; the
 * collector has one writer per database.
 */
public final class JdbcAlertStore implements AlertStore {
    /** Longest message and value kept. */
    static final int MAX_MESSAGE = 8000;
    static final int MAX_VALUE = 1000;

    private final DataSource db;
    private final String durableSql;
    private final ObjectMapper mapper;
    private final AtomicLong seq = new AtomicLong();

    /**
     * @param db         the database (its schema migrated to version 3 or later)
     * @param durableSql run after each commit, null for none
     * @param mapper     serializes notifications (JavaTime, as the report codec's)
     */
    public JdbcAlertStore(DataSource db, String durableSql, ObjectMapper mapper) throws AlertStoreException {
        this.db = db;
        this.durableSql = durableSql;
        this.mapper = mapper;
        resync();
    }

    @Override
    public void resync() throws AlertStoreException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM alert_notifications")) {
            rs.next();
            long stored = rs.getLong(1);
            seq.accumulateAndGet(stored, Math::max);
        } catch (SQLException e) {
            throw new AlertStoreException("cannot open the alert store: " + e.getMessage(), e);
        }
    }

    private interface Tx<T> {
        T run(Connection c) throws SQLException;
    }

    private synchronized <T> T write(String what, Tx<T> body) throws AlertStoreException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                T out = body.run(c);
                c.commit();
                if (durableSql != null) {
                    try (Statement s = c.createStatement()) {
                        s.execute(durableSql);
                    }
                }
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            throw new AlertStoreException(what + " failed: " + e.getMessage(), e);
        }
    }

    private <T> T read(String what, Tx<T> body) throws AlertStoreException {
        try (Connection c = db.getConnection()) {
            return body.run(c);
        } catch (SQLException | RuntimeException e) {
            throw new AlertStoreException(what + " failed: " + e.getMessage(), e);
        }
    }

    private static final String ALERT_COLUMNS = "alert_id, hostname, rule_id, subject, cluster_key, state, severity, "
            + "seen, absent, first_seen_at, raised_at, cleared_at, last_notified_at, current_value, "
            + "recommended_value, message, acked_at, acked_by, ack_comment";

    @Override
    public List<Alert> open() throws AlertStoreException {
        return read("reading open alerts", c -> alerts(c, "SELECT " + ALERT_COLUMNS
                + " FROM alerts WHERE state IN ('PENDING', 'RAISED')"));
    }

    @Override
    public void apply(Step step, List<Outgoing> notifications, Instant at) throws AlertStoreException {
        if (step.isEmpty() && notifications.isEmpty()) {
            return;
        }
        write("writing " + step.upserts().size() + " alert change(s)", c -> {
            upsert(c, step.upserts(), at);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM alerts WHERE alert_id = ? AND state = "
                    + "'PENDING'")) {
                for (String id : step.dropped()) {
                    del.setString(1, id);
                    del.addBatch();
                }
                if (!step.dropped().isEmpty()) {
                    del.executeBatch();
                }
            }
            insertNotifications(c, notifications, at);
            return null;
        });
    }

    private void upsert(Connection c, List<Alert> alerts, Instant at) throws SQLException {
        try (PreparedStatement upd = c.prepareStatement("UPDATE alerts SET cluster_key = ?, state = ?, severity = ?, "
                + "seen = ?, absent = ?, raised_at = ?, cleared_at = ?, last_notified_at = ?, current_value = ?, "
                + "recommended_value = ?, message = ?, updated_at = ? WHERE alert_id = ?");
             PreparedStatement ins = c.prepareStatement("INSERT INTO alerts(alert_id, hostname, rule_id, subject, "
                     + "cluster_key, state, severity, seen, absent, first_seen_at, raised_at, cleared_at, "
                     + "last_notified_at, current_value, recommended_value, message, updated_at) "
                     + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Alert a : alerts) {
                upd.setString(1, a.cluster());
                upd.setString(2, a.state().name());
                upd.setString(3, a.severity().name());
                upd.setInt(4, a.seen());
                upd.setInt(5, a.absent());
                millis(upd, 6, a.raisedAt());
                millis(upd, 7, a.clearedAt());
                millis(upd, 8, a.lastNotifiedAt());
                upd.setString(9, clip(a.current(), MAX_VALUE));
                upd.setString(10, clip(a.recommended(), MAX_VALUE));
                upd.setString(11, clip(a.message(), MAX_MESSAGE));
                upd.setLong(12, at.toEpochMilli());
                upd.setString(13, a.id());
                if (upd.executeUpdate() == 0) {
                    ins.setString(1, a.id());
                    ins.setString(2, a.key().host());
                    ins.setString(3, a.key().ruleId());
                    ins.setString(4, clip(a.key().subject(), 400));
                    ins.setString(5, a.cluster());
                    ins.setString(6, a.state().name());
                    ins.setString(7, a.severity().name());
                    ins.setInt(8, a.seen());
                    ins.setInt(9, a.absent());
                    ins.setLong(10, a.firstSeenAt().toEpochMilli());
                    millis(ins, 11, a.raisedAt());
                    millis(ins, 12, a.clearedAt());
                    millis(ins, 13, a.lastNotifiedAt());
                    ins.setString(14, clip(a.current(), MAX_VALUE));
                    ins.setString(15, clip(a.recommended(), MAX_VALUE));
                    ins.setString(16, clip(a.message(), MAX_MESSAGE));
                    ins.setLong(17, at.toEpochMilli());
                    ins.executeUpdate();
                }
            }
        }
    }

    private void insertNotifications(Connection c, List<Outgoing> notifications, Instant at) throws SQLException {
        if (notifications.isEmpty()) {
            return;
        }
        // with a store shared by several collectors another one may have written since this one started (it held
        // the once-only lock before): go on after the highest number written, not after this process's own
        try (Statement q = c.createStatement();
             ResultSet rs = q.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM alert_notifications")) {
            rs.next();
            long written = rs.getLong(1);
            seq.accumulateAndGet(written, Math::max);
        }
        try (PreparedStatement n = c.prepareStatement("INSERT INTO alert_notifications(delivery_key, seq, alert_id, "
                + "status, created_at, silenced_by, payload) VALUES (?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement d = c.prepareStatement("INSERT INTO alert_deliveries(delivery_key, receiver, seq, "
                     + "alert_id, status, state, attempts, next_try_at) VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?)")) {
            for (Outgoing o : notifications) {
                Notification x = o.notification();
                long s = seq.incrementAndGet();
                n.setString(1, x.deliveryKey());
                n.setLong(2, s);
                n.setString(3, x.alertId());
                n.setString(4, x.status().name());
                n.setLong(5, at.toEpochMilli());
                n.setString(6, o.silencedBy());
                n.setString(7, json(x));
                n.addBatch();
                for (String r : o.receivers()) {
                    d.setString(1, x.deliveryKey());
                    d.setString(2, r);
                    d.setLong(3, s);
                    d.setString(4, x.alertId());
                    d.setString(5, x.status().name());
                    d.setLong(6, at.toEpochMilli());
                    d.addBatch();
                }
            }
            n.executeBatch();
            d.executeBatch();
        }
    }

    @Override
    public Optional<Alert> alert(String id) throws AlertStoreException {
        return read("reading alert " + id, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE "
                    + "alert_id = ?")) {
                p.setString(1, id);
                return alerts(p).stream().findFirst();
            }
        });
    }

    @Override
    public List<Alert> alerts(Filter filter, String cluster, int limit) throws AlertStoreException {
        String states = switch (filter) {
            case RAISED -> "('RAISED')";
            case CLEARED -> "('CLEARED')";
            case ALL -> "('RAISED', 'CLEARED')";
        };
        return read("listing alerts", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE state IN "
                    + states + (cluster == null ? "" : " AND cluster_key = ?")
                    + " ORDER BY CASE state WHEN 'RAISED' THEN 0 ELSE 1 END, "
                    + "CASE severity WHEN 'CRITICAL' THEN 0 WHEN 'WARNING' THEN 1 ELSE 2 END, "
                    + "COALESCE(cleared_at, raised_at) DESC, alert_id LIMIT ?")) {
                int i = 1;
                if (cluster != null) {
                    p.setString(i++, cluster);
                }
                p.setInt(i, limit);
                return alerts(p);
            }
        });
    }

    @Override
    public List<StoredNotification> notifications(String alertId) throws AlertStoreException {
        return read("reading notifications of " + alertId, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT seq, created_at, silenced_by, payload FROM "
                    + "alert_notifications WHERE alert_id = ? ORDER BY seq")) {
                p.setString(1, alertId);
                List<StoredNotification> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredNotification(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)),
                                rs.getString(3), notification(rs.getString(4))));
                    }
                }
                return out;
            }
        });
    }

    private static final String DELIVERY_COLUMNS = "d.delivery_key, d.receiver, d.seq, d.alert_id, d.status, "
            + "d.state, d.attempts, d.next_try_at, d.last_result, d.last_attempt_at";

    @Override
    public List<Delivery> deliveries(String alertId) throws AlertStoreException {
        return read("reading deliveries of " + alertId, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + DELIVERY_COLUMNS + " FROM alert_deliveries d "
                    + "WHERE d.alert_id = ? ORDER BY d.seq, d.receiver")) {
                p.setString(1, alertId);
                List<Delivery> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(delivery(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<Attempt> attempts(String alertId) throws AlertStoreException {
        return read("reading attempts of " + alertId, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT delivery_key, receiver, attempt, attempted_at, "
                    + "outcome, detail FROM alert_attempts WHERE alert_id = ? "
                    + "ORDER BY attempted_at DESC, attempt DESC LIMIT ?")) {
                p.setString(1, alertId);
                p.setInt(2, MAX_ATTEMPTS);
                List<Attempt> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Attempt(rs.getString(1), rs.getString(2), rs.getInt(3),
                                Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5), rs.getString(6)));
                    }
                }
                java.util.Collections.reverse(out);
                return out;
            }
        });
    }

    @Override
    public Optional<Queued> next(String receiver) throws AlertStoreException {
        return read("reading the queue of " + receiver, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + DELIVERY_COLUMNS + ", n.payload, n.created_at "
                    + "FROM alert_deliveries d JOIN alert_notifications n ON n.delivery_key = d.delivery_key "
                    + "WHERE d.receiver = ? AND d.state = 'PENDING' ORDER BY d.seq LIMIT 1")) {
                p.setString(1, receiver);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Queued(delivery(rs), notification(rs.getString(11)),
                            Instant.ofEpochMilli(rs.getLong(12))));
                }
            }
        });
    }

    @Override
    public void attempted(Attempt a, DeliveryState state, Instant nextTryAt) throws AlertStoreException {
        write("recording a delivery attempt", c -> {
            String alertId;
            try (PreparedStatement q = c.prepareStatement("SELECT alert_id FROM alert_deliveries WHERE "
                    + "delivery_key = ? AND receiver = ?")) {
                q.setString(1, a.deliveryKey());
                q.setString(2, a.receiver());
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("no delivery " + a.deliveryKey() + " to " + a.receiver());
                    }
                    alertId = rs.getString(1);
                }
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO alert_attempts(delivery_key, receiver, "
                    + "attempt, alert_id, attempted_at, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ins.setString(1, a.deliveryKey());
                ins.setString(2, a.receiver());
                ins.setInt(3, a.number());
                ins.setString(4, alertId);
                ins.setLong(5, a.at().toEpochMilli());
                ins.setString(6, a.outcome());
                ins.setString(7, clip(a.detail(), 1000));
                ins.executeUpdate();
            }
            try (PreparedStatement upd = c.prepareStatement("UPDATE alert_deliveries SET state = ?, attempts = ?, "
                    + "next_try_at = ?, last_result = ?, last_attempt_at = ? WHERE delivery_key = ? AND "
                    + "receiver = ?")) {
                upd.setString(1, state.name());
                upd.setInt(2, a.number());
                upd.setLong(3, nextTryAt.toEpochMilli());
                upd.setString(4, clip(a.outcome() + ": " + a.detail(), 1000));
                upd.setLong(5, a.at().toEpochMilli());
                upd.setString(6, a.deliveryKey());
                upd.setString(7, a.receiver());
                upd.executeUpdate();
            }
            return null;
        });
    }

    /** Most episodes one retention run deletes (the next run takes the rest). */
    static final int DELETE_BATCH = 5000;

    @Override
    public int deleteBefore(Instant before) throws AlertStoreException {
        return write("deleting alert history before " + before, c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT a.alert_id FROM alerts a WHERE a.state = 'CLEARED' "
                    + "AND a.cleared_at < ? AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = "
                    + "a.alert_id AND d.state = 'PENDING') ORDER BY a.cleared_at LIMIT ?")) {
                q.setLong(1, before.toEpochMilli());
                q.setInt(2, DELETE_BATCH);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            for (String table : List.of("alert_attempts", "alert_deliveries", "alert_notifications", "alerts")) {
                try (PreparedStatement d = c.prepareStatement("DELETE FROM " + table + " WHERE alert_id = ?")) {
                    for (String id : ids) {
                        d.setString(1, id);
                        d.addBatch();
                    }
                    if (!ids.isEmpty()) {
                        d.executeBatch();
                    }
                }
            }
            try (PreparedStatement d = c.prepareStatement("DELETE FROM alert_attempts WHERE attempted_at < ?")) {
                d.setLong(1, before.toEpochMilli());
                d.executeUpdate();
            }
            try (PreparedStatement d = c.prepareStatement("DELETE FROM alert_silences WHERE expires_at < ?")) {
                d.setLong(1, before.toEpochMilli());
                d.executeUpdate();
            }
            return ids.size();
        });
    }

    @Override
    public boolean ack(String alertId, Alert.Ack ack) throws AlertStoreException {
        return write("acknowledging " + alertId, c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE alerts SET acked_at = ?, acked_by = ?, "
                    + "ack_comment = ?, updated_at = ? WHERE alert_id = ? AND state = 'RAISED'")) {
                p.setLong(1, ack.at().toEpochMilli());
                p.setString(2, ack.by());
                p.setString(3, clip(ack.comment(), 1000));
                p.setLong(4, ack.at().toEpochMilli());
                p.setString(5, alertId);
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void addSilence(Silence s) throws AlertStoreException {
        write("adding a silence", c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO alert_silences(silence_id, cluster_key, "
                    + "hostname, rule_id, comment_text, created_by, created_at, expires_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, s.id());
                p.setString(2, s.cluster());
                p.setString(3, s.host());
                p.setString(4, s.ruleId());
                p.setString(5, clip(s.comment(), 1000));
                p.setString(6, s.createdBy());
                p.setLong(7, s.createdAt().toEpochMilli());
                p.setLong(8, s.expiresAt().toEpochMilli());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<Silence> silences(Instant now) throws AlertStoreException {
        return read("reading silences", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT silence_id, cluster_key, hostname, rule_id, "
                    + "comment_text, created_by, created_at, expires_at FROM alert_silences WHERE expires_at > ? "
                    + "ORDER BY expires_at, silence_id")) {
                p.setLong(1, now.toEpochMilli());
                List<Silence> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Silence(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)),
                                Instant.ofEpochMilli(rs.getLong(8))));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public boolean deleteSilence(String id) throws AlertStoreException {
        return write("deleting silence " + id, c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM alert_silences WHERE silence_id = ?")) {
                p.setString(1, id);
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void close() {
        // the pool belongs to the report store, which closes it
    }

    private List<Alert> alerts(Connection c, String sql) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            return alerts(p);
        }
    }

    private static List<Alert> alerts(PreparedStatement p) throws SQLException {
        List<Alert> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                Long ackedAt = millis(rs, 17);
                out.add(new Alert(rs.getString(1), new AlertKey(rs.getString(2), rs.getString(3), rs.getString(4)),
                        rs.getString(5), AlertState.valueOf(rs.getString(6)), Severity.valueOf(rs.getString(7)),
                        rs.getInt(8), rs.getInt(9), Instant.ofEpochMilli(rs.getLong(10)), instant(rs, 11),
                        instant(rs, 12), instant(rs, 13), rs.getString(14), rs.getString(15), rs.getString(16),
                        ackedAt == null ? null : new Alert.Ack(Instant.ofEpochMilli(ackedAt), rs.getString(18),
                                rs.getString(19))));
            }
        }
        return out;
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        return new Delivery(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                AlertStatus.valueOf(rs.getString(5)), DeliveryState.valueOf(rs.getString(6)), rs.getInt(7),
                Instant.ofEpochMilli(rs.getLong(8)), rs.getString(9), instant(rs, 10));
    }

    private String json(Notification n) {
        try {
            return mapper.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notification did not serialize: " + e.getMessage(), e);
        }
    }

    private Notification notification(String json) throws SQLException {
        try {
            return mapper.readValue(json, Notification.class);
        } catch (IOException e) {
            throw new SQLException("a stored notification did not parse: " + e.getMessage(), e);
        }
    }

    private static void millis(PreparedStatement p, int i, Instant t) throws SQLException {
        if (t == null) {
            p.setNull(i, Types.BIGINT);
        } else {
            p.setLong(i, t.toEpochMilli());
        }
    }

    private static Long millis(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, int i) throws SQLException {
        Long v = millis(rs, i);
        return v == null ? null : Instant.ofEpochMilli(v);
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
