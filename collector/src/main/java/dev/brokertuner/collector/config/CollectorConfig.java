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
 */
public record CollectorConfig(Path source, String listenHost, int listenPort, Path dataDir, Tokens tokens,
                              Path tokensFile, Viewers viewers, Tls tls, int retentionDays, int staleAfterSeconds,
                              int maxBodyBytes, int maxPending,
                              dev.brokertuner.collector.store.Durability durability) {

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
                retentionDays, staleAfterSeconds, maxBodyBytes, maxPending, durability);
    }
}
