package dev.brokertuner.collector.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.brokertuner.collector.fleet.HostSummary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The store of a fleet served by several collectors: a PostgreSQL database (driver 42.7, a HikariCP pool), with the
 * semantics of {@link H2ReportStore}. A batch is one transaction: {@code INSERT ... ON CONFLICT (report_id) DO
 * NOTHING} makes a report id stored by any collector a {@link StoreOutcome#DUPLICATE}; the latest-per-host row
 * moves only forward in {@code order_at}; a host's owner is registered once. Every connection runs with
 * {@code synchronous_commit = on}, so the commit returns only once PostgreSQL has flushed its WAL: a batch is
 * durable before {@link #store} returns.
 *
 * <p>Each upsert of {@code hosts} draws {@code updated_seq} from {@code hosts_feed_seq} under the transaction lock
 * {@link AdvisoryLocks#HOSTS_FEED}, so the values commit in the order they were drawn and {@link #changesSince}
 * never skips a row committed late: that is the change feed other collectors follow ({@link StoreFeed}).
 *
 * <p>When PostgreSQL is down, every call fails within {@link #CONNECT_TIMEOUT_MS} ms with a
 * {@link StoreException} (ingest answers 503 with Retry-After; nothing is acknowledged), and the pool reconnects by
 * itself when it is back.
 */
public final class PostgresReportStore implements SharedStore {
    /** How long a call waits for a connection before it fails. */
    static final long CONNECT_TIMEOUT_MS = 2_000;
    /** How often the database size (a gauge and {@code /health}) is re-read, by the feed's thread. */
    private static final long SIZE_EVERY_MS = 10_000;

    private final HikariDataSource pool;
    private final ObjectMapper mapper;
    private final String url;
    private final Properties login;
    private volatile long sizeBytes;
    private volatile long sizeReadAt;

    private PostgresReportStore(HikariDataSource pool, ObjectMapper mapper, String url, Properties login) {
        this.pool = pool;
        this.mapper = mapper;
        this.url = url;
        this.login = login;
    }

    /**
     * Connects to {@code url} (a {@code jdbc:postgresql://} URL) and brings the schema up to date, once across
     * collectors starting together.
     *
     * @param maxPool most connections this collector holds
     */
    public static PostgresReportStore open(String url, String user, String password, int maxPool,
                                           ObjectMapper mapper) throws StoreException {
        Properties login = new Properties();
        login.setProperty("user", user);
        if (password != null) {
            login.setProperty("password", password);
        }
        login.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_MS / 1000));
        login.setProperty("socketTimeout", "60");
        login.setProperty("tcpKeepAlive", "true");
        login.setProperty("ApplicationName", "broker-tuner-collector");
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("broker-tuner-store");
        hc.setJdbcUrl(url);
        hc.setDataSourceProperties(login);
        hc.setMaximumPoolSize(maxPool);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        hc.setValidationTimeout(1_000);
        hc.setInitializationFailTimeout(CONNECT_TIMEOUT_MS);
        hc.setAutoCommit(true);
        hc.setConnectionInitSql("SET synchronous_commit = on");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to the PostgreSQL store " + url + ": " + rootMessage(e), e);
        }
        try (Connection c = pool.getConnection()) {
            PostgresMigrations.apply(c);
        } catch (SQLException e) {
            pool.close();
            throw new StoreException("cannot open the PostgreSQL store " + url + ": " + e.getMessage(), e);
        }
        PostgresReportStore store = new PostgresReportStore(pool, mapper, url, login);
        store.readSize();
        return store;
    }

    @Override
    public List<StoreOutcome> store(List<Incoming> batch) throws StoreException {
        List<StoreOutcome> out = new ArrayList<>(batch.size());
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                Set<String> inBatch = new HashSet<>();
                List<Incoming> fresh = new ArrayList<>();
                List<Integer> freshAt = new ArrayList<>();
                for (Incoming in : batch) {
                    out.add(StoreOutcome.DUPLICATE);
                    if (inBatch.add(in.reportId())) {
                        fresh.add(in);
                        freshAt.add(out.size() - 1);
                    }
                }
                int[] counts = insertReports(c, fresh);
                Map<String, Incoming> latest = new HashMap<>();
                for (int i = 0; i < fresh.size(); i++) {
                    if (counts[i] > 0) {
                        out.set(freshAt.get(i), StoreOutcome.STORED);
                        Incoming in = fresh.get(i);
                        latest.merge(in.summary().hostname(), in, (a, b) -> b.summary().orderAt()
                                .isBefore(a.summary().orderAt()) ? a : b);
                    }
                }
                if (!latest.isEmpty()) {
                    List<Incoming> hosts = new ArrayList<>(latest.values());
                    hosts.sort(Comparator.comparing(in -> in.summary().hostname()));
                    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                        lock.setLong(1, AdvisoryLocks.HOSTS_FEED);
                        lock.execute();
                    }
                    upsertHosts(c, hosts);
                    registerOwners(c, hosts);
                }
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the original failure is what matters
                }
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("storing " + batch.size() + " report(s) failed: " + rootMessage(e), e);
        }
    }

    private static int[] insertReports(Connection c, List<Incoming> fresh) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO reports(report_id, hostname, cluster_key, "
                + "sender, generated_at, received_at, critical, warning, info, bytes_in, bytes_out, body) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (report_id) DO NOTHING")) {
            for (Incoming in : fresh) {
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
            }
            return fresh.isEmpty() ? new int[0] : ins.executeBatch();
        }
    }

    private void upsertHosts(Connection c, List<Incoming> hosts) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("INSERT INTO hosts(hostname, report_id, generated_at, "
                + "summary, order_at, updated_seq) VALUES (?, ?, ?, ?, ?, nextval('hosts_feed_seq')) "
                + "ON CONFLICT (hostname) DO UPDATE SET report_id = EXCLUDED.report_id, "
                + "generated_at = EXCLUDED.generated_at, summary = EXCLUDED.summary, order_at = EXCLUDED.order_at, "
                + "updated_seq = EXCLUDED.updated_seq WHERE hosts.order_at <= EXCLUDED.order_at")) {
            for (Incoming in : hosts) {
                HostSummary s = in.summary();
                up.setString(1, s.hostname());
                up.setString(2, s.reportId());
                up.setLong(3, s.generatedAt().toEpochMilli());
                up.setBytes(4, mapper.writeValueAsBytes(s));
                up.setLong(5, s.orderAt().toEpochMilli());
                up.addBatch();
            }
            up.executeBatch();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void registerOwners(Connection c, List<Incoming> hosts) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO host_owners(hostname, sender) VALUES (?, ?) "
                + "ON CONFLICT (hostname) DO NOTHING")) {
            for (Incoming in : hosts) {
                ins.setString(1, in.summary().hostname());
                ins.setString(2, in.summary().sender());
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    @Override
    public long feedPosition() throws StoreException {
        try (Connection c = pool.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(updated_seq), 0) FROM hosts")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("reading the change feed's position failed: " + e.getMessage(), e);
        }
    }

    @Override
    public HostChanges changesSince(long position, int limit) throws StoreException {
        if (System.currentTimeMillis() - sizeReadAt >= SIZE_EVERY_MS) {
            readSize();
        }
        try (Connection c = pool.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT h.summary, h.updated_seq, o.sender FROM hosts h "
                     + "LEFT JOIN host_owners o ON o.hostname = h.hostname WHERE h.updated_seq > ? "
                     + "ORDER BY h.updated_seq LIMIT ?")) {
            p.setLong(1, position);
            p.setInt(2, limit);
            List<HostChange> changes = new ArrayList<>();
            long at = position;
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    HostSummary s = mapper.readValue(rs.getBytes(1), HostSummary.class);
                    at = rs.getLong(2);
                    changes.add(new HostChange(s, rs.getString(3) == null ? s.sender() : rs.getString(3)));
                }
            }
            return new HostChanges(changes, at);
        } catch (SQLException | IOException e) {
            throw new StoreException("reading the change feed failed: " + rootMessage(e), e);
        }
    }

    @Override
    public LeaderLock onceLock() {
        return new LeaderLock(url, login, AdvisoryLocks.ONCE_WORK);
    }

    @Override
    public List<HostSummary> latestSummaries() throws StoreException {
        try (Connection c = pool.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT summary FROM hosts")) {
            List<HostSummary> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.readValue(rs.getBytes(1), HostSummary.class));
            }
            return out;
        } catch (SQLException | IOException e) {
            throw new StoreException("reading host summaries failed: " + rootMessage(e), e);
        }
    }

    @Override
    public Map<String, String> hostOwners() throws StoreException {
        try (Connection c = pool.getConnection();
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
    public Optional<byte[]> report(String reportId) throws StoreException {
        try (Connection c = pool.getConnection();
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
            throw new StoreException("reading report " + reportId + " failed: " + rootMessage(e), e);
        }
    }

    @Override
    public List<HistoryEntry> history(String hostname, int limit) throws StoreException {
        return ReportQueries.history(pool, hostname, limit);
    }

    @Override
    public List<ThroughputSample> throughput(String clusterKey, Instant since) throws StoreException {
        return ReportQueries.throughput(pool, clusterKey, since);
    }

    @Override
    public int deleteReceivedBefore(Instant cutoff) throws StoreException {
        try (Connection c = pool.getConnection();
             PreparedStatement p = c.prepareStatement("DELETE FROM reports r WHERE r.received_at < ? "
                     + "AND NOT EXISTS (SELECT 1 FROM hosts h WHERE h.report_id = r.report_id)")) {
            p.setLong(1, cutoff.toEpochMilli());
            return p.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("retention delete failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long reportCount() throws StoreException {
        try (Connection c = pool.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM reports")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("counting reports failed: " + e.getMessage(), e);
        }
    }

    /** A server setting as this store's connections see it ({@code SHOW name}); for tests. */
    String setting(String name) throws SQLException {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("setting name '" + name + "'");
        }
        try (Connection c = pool.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The database's size as last read (every 10 s by the feed's thread; never blocks the caller). */
    @Override
    public javax.sql.DataSource dataSource() {
        return pool;
    }

    @Override
    public long sizeBytes() {
        return sizeBytes;
    }

    private void readSize() {
        sizeReadAt = System.currentTimeMillis();
        try (Connection c = pool.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
            rs.next();
            sizeBytes = rs.getLong(1);
        } catch (SQLException e) {
            // keep the last size; the feed's own query reports the failure
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    private static void setDouble(PreparedStatement p, int i, Double v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.DOUBLE);
        } else {
            p.setDouble(i, v);
        }
    }


    /** The innermost message, without the JDBC wrapping. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
