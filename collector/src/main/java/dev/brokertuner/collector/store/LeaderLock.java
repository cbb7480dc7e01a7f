package dev.brokertuner.collector.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ownership of work that must happen once across the collectors sharing a PostgreSQL store (retention deletes;
 * alert evaluation), as a session-level {@code pg_try_advisory_lock} on a connection of its own (outside the pool,
 * so the pool's recycling never drops it). {@link #tick()} (called every 500 ms by the {@link StoreFeed}) takes the
 * lock when free and, while held, checks the session is alive: a dead session (PostgreSQL restarted, the
 * connection cut) means the server released the lock, so this collector stops owning at once and tries again on
 * the next tick. When the owner stops ({@link #close()}) or dies, PostgreSQL frees the lock with its session and
 * another collector takes it on its next tick. Not thread-safe: one thread ticks; {@link #held()} may be read
 * from any thread.
 */
public final class LeaderLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderLock.class);

    private final String url;
    private final Properties login;
    private final long key;
    private Connection session;
    private volatile boolean held;

    LeaderLock(String url, Properties login, long key) {
        this.url = url;
        this.login = login;
        this.key = key;
    }

    /** True while this collector owns the work (as of the last tick). */
    public boolean held() {
        return held;
    }

    /** Takes the lock when free, or checks the session that holds it. Never throws. */
    public void tick() {
        try {
            if (session == null || session.isClosed()) {
                session = DriverManager.getConnection(url, login);
                session.setAutoCommit(true);
            }
            if (held) {
                if (!session.isValid(2)) {
                    lost("the session that held it is gone");
                }
                return;
            }
            try (PreparedStatement p = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                p.setLong(1, key);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        held = true;
                        LOG.info("this collector now owns the fleet's once-only work (retention)");
                    }
                }
            }
        } catch (SQLException e) {
            lost(e.getMessage());
        }
    }

    private void lost(String why) {
        if (held) {
            LOG.warn("this collector no longer owns the fleet's once-only work: {}", why);
        }
        held = false;
        closeSession();
    }

    private void closeSession() {
        if (session != null) {
            try {
                session.close();
            } catch (SQLException ignored) {
                // gone already
            }
            session = null;
        }
    }

    /** Releases the lock (closing the session frees it). */
    @Override
    public void close() {
        held = false;
        closeSession();
    }
}
