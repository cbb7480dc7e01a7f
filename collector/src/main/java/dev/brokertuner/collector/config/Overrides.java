package dev.brokertuner.collector.config;

/**
 * Values given on the command line; each replaces the file's key of the same name when not null.
 *
 * @param listen     {@code HOST:PORT}
 * @param dataDir    store directory
 * @param tokensFile tokens file
 * @param viewers    {@code token} or {@code open}
 */
public record Overrides(String listen, String dataDir, String tokensFile, String viewers) {
    /** No overrides. */
    public static Overrides none() {
        return new Overrides(null, null, null, null);
    }
}
