package dev.brokertuner.agent.broker;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * One persistent JMX connection to the broker, reopened after a failure with exponential backoff (1 s doubling to
 * 60 s), as jmx-scraper does and jmx_exporter does not: no connect per read. Not thread-safe; one gatherer owns it.
 */
public final class JmxSession implements AutoCloseable {
    static final long FIRST_BACKOFF_NANOS = Duration.ofSeconds(1).toNanos();
    static final long MAX_BACKOFF_NANOS = Duration.ofSeconds(60).toNanos();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final JMXServiceURL url;
    private final Map<String, Object> environment;
    private final LongSupplier nanoTime;
    private JMXConnector connector;
    private MBeanServerConnection connection;
    private long backoffNanos;
    private long nextAttemptNanos;
    private String lastFailure;
    private int connects;

    /**
     * @param url      the endpoint
     * @param user     JMX user, null for none
     * @param password its password, null for none
     * @param nanoTime clock for backoff (System::nanoTime)
     */
    public JmxSession(JMXServiceURL url, String user, String password, LongSupplier nanoTime) {
        this.url = url;
        this.nanoTime = nanoTime;
        Map<String, Object> env = new HashMap<>();
        if (user != null) {
            env.put(JMXConnector.CREDENTIALS, new String[] {user, password == null ? "" : password});
        }
        this.environment = env;
    }

    /** The endpoint. */
    public JMXServiceURL url() {
        return url;
    }

    /** How many times a connection was opened (1 after the first read, more after reconnects). */
    public int connects() {
        return connects;
    }

    /**
     * The open connection, opening it when needed.
     *
     * @throws IOException with the reason when not connected (also while backing off after a failure)
     */
    public MBeanServerConnection connection() throws IOException {
        if (connection != null) {
            return connection;
        }
        long now = nanoTime.getAsLong();
        if (lastFailure != null && now - nextAttemptNanos < 0) {
            throw new IOException(lastFailure + " (retrying in "
                    + TimeUnit.NANOSECONDS.toSeconds(nextAttemptNanos - now + 999_999_999L) + " s)");
        }
        try {
            connector = connectWithTimeout();
            connection = connector.getMBeanServerConnection();
            connects++;
            lastFailure = null;
            backoffNanos = 0;
            return connection;
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            backoffNanos = backoffNanos == 0 ? FIRST_BACKOFF_NANOS : Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
            nextAttemptNanos = nanoTime.getAsLong() + backoffNanos;
            lastFailure = "JMX " + url + ": " + reason(e);
            throw new IOException(lastFailure, e);
        }
    }

    /** A connect attempt bounded in time: RMI has no connect timeout of its own. */
    private JMXConnector connectWithTimeout() throws IOException {
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jmx-connect");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<JMXConnector> f = ex.submit(() -> JMXConnectorFactory.connect(url, environment));
            try {
                return f.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                throw new IOException("no answer within " + CONNECT_TIMEOUT.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof IOException io) {
                    throw io;
                }
                if (c instanceof RuntimeException re) {
                    throw re;
                }
                throw new IOException(c);
            }
        } finally {
            ex.shutdownNow();
        }
    }

    /** Marks the connection broken after a failed call: the next {@link #connection()} reconnects. */
    public void broken(Exception cause) {
        closeQuietly();
        lastFailure = null;
    }

    /** The innermost cause's message, e.g. {@code Connection refused}. */
    static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return t instanceof java.net.ConnectException || t.getClass().getSimpleName().equals("ConnectException")
                ? m.replaceFirst(" \\(Connection refused\\)", "").trim() : m;
    }

    /**
     * Drops the connection. The connector is closed on a daemon thread: closing an RMI connector is itself a remote
     * call, which blocks for as long as a stalled broker does not answer.
     */
    private void closeQuietly() {
        connection = null;
        JMXConnector c = connector;
        connector = null;
        if (c != null) {
            Thread t = new Thread(() -> {
                try {
                    c.close();
                } catch (IOException | RuntimeException ignored) {
                    // gone already
                }
            }, "jmx-close");
            t.setDaemon(true);
            t.start();
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
