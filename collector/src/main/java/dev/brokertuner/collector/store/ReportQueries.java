package dev.brokertuner.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The read queries the H2 and the PostgreSQL store share word for word (the same tables and columns): a host's
 * history and a cluster's throughput samples.
 */
final class ReportQueries {
    private ReportQueries() {
    }

    /** The host's stored reports, newest first, without bodies. */
    static List<HistoryEntry> history(DataSource db, String hostname, int limit) throws StoreException {
        try (Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT report_id, generated_at, received_at, critical, "
                     + "warning, info, bytes_in, bytes_out FROM reports WHERE hostname = ? "
                     + "ORDER BY generated_at DESC LIMIT ?")) {
            p.setString(1, hostname);
            p.setInt(2, limit);
            List<HistoryEntry> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new HistoryEntry(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                            Instant.ofEpochMilli(rs.getLong(3)), rs.getInt(4), rs.getInt(5), rs.getInt(6),
                            getDouble(rs, 7), getDouble(rs, 8)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading the history of " + hostname + " failed: " + e.getMessage(), e);
        }
    }

    /** Throughput samples of a cluster's reports generated since {@code since}, oldest first. */
    static List<ThroughputSample> throughput(DataSource db, String clusterKey, Instant since) throws StoreException {
        try (Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT hostname, generated_at, bytes_in, bytes_out "
                     + "FROM reports WHERE cluster_key = ? AND generated_at >= ? ORDER BY generated_at")) {
            p.setString(1, clusterKey);
            p.setLong(2, since.toEpochMilli());
            List<ThroughputSample> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new ThroughputSample(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                            getDouble(rs, 3), getDouble(rs, 4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading the throughput of " + clusterKey + " failed: " + e.getMessage(), e);
        }
    }

    /** A nullable DOUBLE PRECISION column. */
    static Double getDouble(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }
}
