package dev.brokertuner.collector.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brokertuner.collector.fleet.HostSummary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The embedded store: an H2 database file {@code collector.mv.db} in the data dir. One connection writes (the
 * {@link GroupCommitWriter}'s thread); reads use a small pool. H2 commits reach its file lazily by default, so
 * {@link #store} ends every batch with {@code CHECKPOINT SYNC} ({@link Durability#FSYNC}, written and fsynced) or
 * {@code CHECKPOINT} ({@link Durability#FLUSH}, written to the file) before the call returns, so a {@code kill -9}
 * afterwards loses nothing (tested by {@code KillRestartTest}).
 */
public final class H2ReportStore implements ReportStore {
    private final Path dataDir;
    private final ObjectMapper mapper;
    private final Connection writer;
    private final JdbcConnectionPool readers;
    private final Durability durability;

    private H2ReportStore(Path dataDir, ObjectMapper mapper, Connection writer, JdbcConnectionPool readers,
                          Durability durability) {
        this.durability = durability;
        this.dataDir = dataDir;
        this.mapper = mapper;
        this.writer = writer;
        this.readers = readers;
    }

    /** Opens (creating when needed) the store in {@code dataDir} and brings its schema up to date. */
    public static H2ReportStore open(Path dataDir, ObjectMapper mapper) throws StoreException {
        return open(dataDir, mapper, Durability.FSYNC);
    }

    /** Opens the store with the given durability of each batch. */
    public static H2ReportStore open(Path dataDir, ObjectMapper mapper, Durability durability)
            throws StoreException {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot create the data dir " + dataDir + ": " + e, e);
        }
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("collector")
                + ";DB_CLOSE_ON_EXIT=FALSE;MAX_COMPACT_TIME=200";
        Connection w = null;
        try {
            w = DriverManager.getConnection(url, "collector", "");
            Migrations.apply(w);
            w.setAutoCommit(false);
            JdbcConnectionPool pool = JdbcConnectionPool.create(url, "collector", "");
            pool.setMaxConnections(8);
            return new H2ReportStore(dataDir, mapper, w, pool, durability);
        } catch (SQLException e) {
            if (w != null) {
                try {
                    w.close();
                } catch (SQLException ignored) {
                    // already failing
                }
            }
            throw new StoreException("cannot open the store in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<StoreOutcome> store(List<Incoming> batch) throws StoreException {
        List<StoreOutcome> out = new ArrayList<>(batch.size());
        try {
            Set<String> existing = existingIds(batch);
            Set<String> inBatch = new HashSet<>();
            Map<String, Incoming> latest = new HashMap<>();
            try (PreparedStatement ins = writer.prepareStatement("INSERT INTO reports(report_id, hostname, "
                    + "cluster_key, sender, generated_at, received_at, critical, warning, info, bytes_in, bytes_out, "
                    + "body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Incoming in : batch) {
                    if (existing.contains(in.reportId()) || !inBatch.add(in.reportId())) {
                        out.add(StoreOutcome.DUPLICATE);
                        continue;
                    }
                    HostSummary s = in.summary();
                    ins.setString(1, s.reportId());
                    ins.setString(2, s.hostname());
                    ins.setString(3, s.clusterKey());
                    ins.setString(4, s.sender());
                    ins.setLong(5, s.generatedAt().toEpochMilli());
                    ins.setLong(6, s.receivedAt().toEpochMilli());
                    ins.setInt(7, s.critical());
                    ins.setInt(8, s.warning());
                    ins.setInt(9, s.info());
                    setDouble(ins, 10, s.bytesInPerSec());
                    setDouble(ins, 11, s.bytesOutPerSec());
                    ins.setBytes(12, in.gzJson());
                    ins.addBatch();
                    out.add(StoreOutcome.STORED);
                    latest.merge(s.hostname(), in, (a, b) -> b.summary().orderAt()
                            .isBefore(a.summary().orderAt()) ? a : b);
                }
                ins.executeBatch();
            }
            upsertHosts(latest.values());
            registerOwners(latest.values());
            writer.commit();
            try (Statement s = writer.createStatement()) {
                s.execute(durability.sql());
            }
            return out;
        } catch (SQLException | RuntimeException e) {
            try {
                writer.rollback();
            } catch (SQLException ignored) {
                // the original failure is what matters
            }
            throw new StoreException("storing " + batch.size() + " report(s) failed: " + e.getMessage(), e);
        }
    }

    /** The batch's report ids already stored: one indexed query per batch, not one per report. */
    private Set<String> existingIds(List<Incoming> batch) throws SQLException {
        Set<String> found = new HashSet<>();
        List<String> ids = batch.stream().map(Incoming::reportId).distinct().toList();
        if (ids.isEmpty()) {
            return found;
        }
        try (PreparedStatement q = writer.prepareStatement("SELECT report_id FROM reports WHERE report_id IN ("
                + placeholders(ids.size()) + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                q.setString(i + 1, ids.get(i));
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    /**
     * Moves each host's latest forward: one query reads the order of the batch's hosts already known, then the
     * known ones are updated (only forward, as before) and the new ones inserted, each kind in one JDBC batch. Only
     * this store's writer connection writes {@code hosts} (H2 holds the file for one process), so a host absent from
     * the query is still absent at the insert.
     */
    private void upsertHosts(java.util.Collection<Incoming> latest) throws SQLException {
        Map<String, Long> known = knownOrder(latest);
        try (PreparedStatement upd = writer.prepareStatement("UPDATE hosts SET report_id = ?, generated_at = ?, "
                + "summary = ?, order_at = ? WHERE hostname = ? AND order_at <= ?");
             PreparedStatement ins = writer.prepareStatement("INSERT INTO hosts(hostname, report_id, generated_at, "
                     + "summary, order_at) VALUES (?, ?, ?, ?, ?)")) {
            boolean updates = false;
            boolean inserts = false;
            for (Incoming in : latest) {
                HostSummary s = in.summary();
                long order = s.orderAt().toEpochMilli();
                Long was = known.get(s.hostname());
                if (was != null && was > order) {
                    continue;
                }
                byte[] json = mapper.writeValueAsBytes(s);
                if (was != null) {
                    upd.setString(1, s.reportId());
                    upd.setLong(2, s.generatedAt().toEpochMilli());
                    upd.setBytes(3, json);
                    upd.setLong(4, order);
                    upd.setString(5, s.hostname());
                    upd.setLong(6, order);
                    upd.addBatch();
                    updates = true;
                } else {
                    ins.setString(1, s.hostname());
                    ins.setString(2, s.reportId());
                    ins.setLong(3, s.generatedAt().toEpochMilli());
                    ins.setBytes(4, json);
                    ins.setLong(5, order);
                    ins.addBatch();
                    inserts = true;
                }
            }
            if (updates) {
                upd.executeBatch();
            }
            if (inserts) {
                ins.executeBatch();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code order_at} of those of the hosts already in {@code hosts}. */
    private Map<String, Long> knownOrder(java.util.Collection<Incoming> latest) throws SQLException {
        Map<String, Long> known = new HashMap<>();
        if (latest.isEmpty()) {
            return known;
        }
        try (PreparedStatement q = writer.prepareStatement("SELECT hostname, order_at FROM hosts WHERE hostname IN ("
                + placeholders(latest.size()) + ")")) {
            int i = 1;
            for (Incoming in : latest) {
                q.setString(i++, in.summary().hostname());
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    known.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return known;
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private void registerOwners(java.util.Collection<Incoming> hosts) throws SQLException {
        try (PreparedStatement ins = writer.prepareStatement("INSERT INTO host_owners(hostname, sender) "
                + "SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM host_owners WHERE hostname = ?)")) {
            for (Incoming in : hosts) {
                ins.setString(1, in.summary().hostname());
                ins.setString(2, in.summary().sender());
                ins.setString(3, in.summary().hostname());
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    @Override
    public Map<String, String> hostOwners() throws StoreException {
        try (Connection c = readers.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT hostname, sender FROM host_owners")) {
            Map<String, String> out = new HashMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading host owners failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<HostSummary> latestSummaries() throws StoreException {
        try (Connection c = readers.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT summary FROM hosts")) {
            List<HostSummary> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.readValue(rs.getBytes(1), HostSummary.class));
            }
            return out;
        } catch (SQLException | IOException e) {
            throw new StoreException("reading host summaries failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> report(String reportId) throws StoreException {
        try (Connection c = readers.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT body FROM reports WHERE report_id = ?")) {
            p.setString(1, reportId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                try (var in = new GZIPInputStream(new ByteArrayInputStream(rs.getBytes(1)))) {
                    return Optional.of(in.readAllBytes());
                }
            }
        } catch (SQLException | IOException e) {
            throw new StoreException("reading report " + reportId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<HistoryEntry> history(String hostname, int limit) throws StoreException {
        return ReportQueries.history(readers, hostname, limit);
    }

    @Override
    public List<ThroughputSample> throughput(String clusterKey, Instant since) throws StoreException {
        return ReportQueries.throughput(readers, clusterKey, since);
    }

    @Override
    public synchronized int deleteReceivedBefore(Instant cutoff) throws StoreException {
        try (PreparedStatement p = writer.prepareStatement("DELETE FROM reports WHERE received_at < ? "
                + "AND report_id NOT IN (SELECT report_id FROM hosts)")) {
            p.setLong(1, cutoff.toEpochMilli());
            int n = p.executeUpdate();
            writer.commit();
            return n;
        } catch (SQLException e) {
            try {
                writer.rollback();
            } catch (SQLException ignored) {
                // reported below
            }
            throw new StoreException("retention delete failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long reportCount() throws StoreException {
        try (Connection c = readers.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM reports")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("counting reports failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long sizeBytes() {
        try {
            return Files.size(dataDir.resolve("collector.mv.db"));
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The database's connection pool, for stores of other things in the same database (the alert store), and the
     * statement that makes a commit durable with this store's {@link Durability}.
     */
    public javax.sql.DataSource dataSource() {
        return readers;
    }

    /** {@code CHECKPOINT SYNC} or {@code CHECKPOINT}: run after a commit that must survive a kill. */
    public String durableSql() {
        return durability.sql();
    }

    @Override
    public synchronized void close() {
        readers.dispose();
        try {
            writer.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    private static void setDouble(PreparedStatement p, int i, Double v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.DOUBLE);
        } else {
            p.setDouble(i, v);
        }
    }

}
