package dev.brokertuner.collector.config;

import java.nio.file.Path;

/**
 * The collector's configuration, immutable and checked: where it listens, where it stores, who may write and read.
 *
 * @param source            the file it came from, null when only flags and defaults were used
 * @param listenHost        address to bind
 * @param listenPort        port (0 picks a free one)
 * @param dataDir           directory of the H2 store
 * @param tokens            the senders' bearer tokens, from {@code tokensFile}
 * @param tokensFile        where the tokens came from
 * @param viewers           who may read the fleet views
 * @param tls               HTTPS certificate and key, null for plain HTTP
 * @param retentionDays     reports older than this are deleted (the latest per host is always kept)
 * @param staleAfterSeconds a host without a report for longer is stale
 * @param maxBodyBytes      largest accepted report, compressed on the wire and uncompressed alike
 * @param maxPending        reports waiting for the store before ingest answers 503
 * @param durability        how far each batch goes before 202: fsynced, or written to the file
 * @param ingest            memory budget, per-token concurrency and clock skew of ingest
 * @param connections       header and body read timeouts and the connection cap per client address
 * @param alerts            the {@code alerts:} section: receivers, routes, raise/clear thresholds
 * @param store             the {@code store:} section: the embedded H2 store (default) or a shared PostgreSQL
 * @param kafkaIngest       the {@code ingest.kafka} section: consume reports from a topic, null when not configured
 */
public record CollectorConfig(Path source, String listenHost, int listenPort, Path dataDir, Tokens tokens,
                              Path tokensFile, Viewers viewers, Tls tls, int retentionDays, int staleAfterSeconds,
                              int maxBodyBytes, int maxPending,
                              dev.brokertuner.collector.store.Durability durability, Ingest ingest,
                              Connections connections,
                              dev.brokertuner.collector.alerts.AlertsConfig alerts, Store store,
                              dev.brokertuner.collector.transport.KafkaIngestConfig kafkaIngest) {

    /** Without Kafka ingest (HTTP only). */
    public CollectorConfig(Path source, String listenHost, int listenPort, Path dataDir, Tokens tokens,
                           Path tokensFile, Viewers viewers, Tls tls, int retentionDays, int staleAfterSeconds,
                           int maxBodyBytes, int maxPending, dev.brokertuner.collector.store.Durability durability,
                           Ingest ingest, Connections connections,
                           dev.brokertuner.collector.alerts.AlertsConfig alerts, Store store) {
        this(source, listenHost, listenPort, dataDir, tokens, tokensFile, viewers, tls, retentionDays,
                staleAfterSeconds, maxBodyBytes, maxPending, durability, ingest, connections, alerts, store, null);
    }

    /** With the default store (H2 in {@code dataDir}). */
    public CollectorConfig(Path source, String listenHost, int listenPort, Path dataDir, Tokens tokens,
                           Path tokensFile, Viewers viewers, Tls tls, int retentionDays, int staleAfterSeconds,
                           int maxBodyBytes, int maxPending, dev.brokertuner.collector.store.Durability durability,
                           Ingest ingest, Connections connections,
                           dev.brokertuner.collector.alerts.AlertsConfig alerts) {
        this(source, listenHost, listenPort, dataDir, tokens, tokensFile, viewers, tls, retentionDays,
                staleAfterSeconds, maxBodyBytes, maxPending, durability, ingest, connections, alerts, null);
    }

    /** Without an alerts section (none configured). */
    public CollectorConfig(Path source, String listenHost, int listenPort, Path dataDir, Tokens tokens,
                           Path tokensFile, Viewers viewers, Tls tls, int retentionDays, int staleAfterSeconds,
                           int maxBodyBytes, int maxPending, dev.brokertuner.collector.store.Durability durability,
                           Ingest ingest, Connections connections) {
        this(source, listenHost, listenPort, dataDir, tokens, tokensFile, viewers, tls, retentionDays,
                staleAfterSeconds, maxBodyBytes, maxPending, durability, ingest, connections, null);
    }

    /** The configuration with default ingest and connection limits (the signature before they existed). */
    public CollectorConfig(Path source, String listenHost, int listenPort, Path dataDir, Tokens tokens,
                           Path tokensFile, Viewers viewers, Tls tls, int retentionDays, int staleAfterSeconds,
                           int maxBodyBytes, int maxPending, dev.brokertuner.collector.store.Durability durability) {
        this(source, listenHost, listenPort, dataDir, tokens, tokensFile, viewers, tls, retentionDays,
                staleAfterSeconds, maxBodyBytes, maxPending, durability, Ingest.defaults(), Connections.defaults());
    }

    public CollectorConfig {
        ingest = ingest == null ? Ingest.defaults() : ingest;
        connections = connections == null ? Connections.defaults() : connections;
        alerts = alerts == null ? dev.brokertuner.collector.alerts.AlertsConfig.none() : alerts;
        store = store == null ? Store.h2() : store;
    }

    /**
     * Where reports are stored.
     *
     * @param type        {@code h2} (embedded, in {@code dataDir}) or {@code postgres} (shared by collectors)
     * @param url         {@code jdbc:postgresql://HOST:PORT/DB}; null for H2
     * @param user        the PostgreSQL role; null for H2
     * @param password    read from {@code passwordFile}; null when none (never shown by {@link #toString()})
     * @param maxPoolSize most PostgreSQL connections of this collector
     */
    public record Store(Type type, String url, String user, String password, int maxPoolSize) {
        public static final int DEFAULT_POOL = 8;

        /** The store's kind. */
        public enum Type {
            /** The embedded H2 database file in {@code dataDir}: one collector. */
            H2,
            /** A PostgreSQL database that several collectors share. */
            POSTGRES
        }

        /** The default: H2. */
        public static Store h2() {
            return new Store(Type.H2, null, null, null, DEFAULT_POOL);
        }

        @Override
        public String toString() {
            return "Store[type=" + type + ", url=" + url + ", user=" + user + ", password="
                    + (password == null ? "none" : "(from passwordFile)") + ", maxPoolSize=" + maxPoolSize + "]";
        }
    }

    /**
     * Limits of {@code POST /v1/reports}.
     *
     * @param memoryBytes        bytes of report bodies (as received, inflated and parsed) in flight at once; above
     *                           it ingest answers 503 with Retry-After. Default: a quarter of the JVM's max heap
     * @param perToken           requests of one token in flight at once (503 above)
     * @param maxSkewSeconds     how far in the future a report's {@code generatedAt} may be (422 beyond)
     */
    public record Ingest(long memoryBytes, int perToken, int maxSkewSeconds) {
        public static final int DEFAULT_PER_TOKEN = 64;
        public static final int DEFAULT_SKEW_SECONDS = 300;

        /** A quarter of {@link Runtime#maxMemory()}. */
        public static long defaultMemoryBytes() {
            return Runtime.getRuntime().maxMemory() / 4;
        }

        public static Ingest defaults() {
            return new Ingest(defaultMemoryBytes(), DEFAULT_PER_TOKEN, DEFAULT_SKEW_SECONDS);
        }
    }

    /**
     * Limits of every connection.
     *
     * @param headerTimeoutSeconds a connection whose next request's headers are not complete this long after it
     *                             opened (or after its previous response) is closed, however slowly bytes trickle
     * @param bodyTimeoutSeconds   a request whose body has not fully arrived this long after its headers is closed
     * @param perAddress           open connections from one client address; more are closed at once
     */
    public record Connections(int headerTimeoutSeconds, int bodyTimeoutSeconds, int perAddress) {
        public static final int DEFAULT_HEADER_TIMEOUT = 10;
        public static final int DEFAULT_BODY_TIMEOUT = 30;
        public static final int DEFAULT_PER_ADDRESS = 256;

        public static Connections defaults() {
            return new Connections(DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT, DEFAULT_PER_ADDRESS);
        }
    }

    /** Who may read the fleet views and the dashboard's data. */
    public enum Viewers {
        /** Any token from the tokens file. */
        TOKEN,
        /** Anyone who can reach the port (a trusted network). */
        OPEN
    }

    /**
     * PEM files for HTTPS.
     *
     * @param certFile certificate chain
     * @param keyFile  private key
     */
    public record Tls(Path certFile, Path keyFile) {
    }

    /** A copy with another port (tests, restarts on the same port). */
    public CollectorConfig withPort(int port) {
        return new CollectorConfig(source, listenHost, port, dataDir, tokens, tokensFile, viewers, tls,
                retentionDays, staleAfterSeconds, maxBodyBytes, maxPending, durability, ingest, connections, alerts,
                store, kafkaIngest);
    }
}
