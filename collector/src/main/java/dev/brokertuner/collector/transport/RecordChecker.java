package dev.brokertuner.collector.transport;

import dev.brokertuner.collector.config.Tokens;
import dev.brokertuner.collector.fleet.ClusterMembership;
import dev.brokertuner.collector.fleet.FleetIndex;
import dev.brokertuner.collector.fleet.HostSummary;
import dev.brokertuner.collector.http.Decoded;
import dev.brokertuner.collector.http.HostOwners;
import dev.brokertuner.collector.http.Identifiers;
import dev.brokertuner.collector.http.ReportDecoder;
import dev.brokertuner.collector.store.Incoming;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * Checks one record of the reports topic exactly as {@code POST /v1/reports} checks a body: the size limit, then
 * {@link ReportDecoder} (the same inflate limit, {@code ReportLimits} scan, schema validation, identifier and clock
 * checks; the {@code reportId} header plays the {@code Idempotency-Key}), then the record's key against the report
 * (its host part must be the report's {@code host.hostname}) and the host's owner ({@link HostOwners}): records of
 * this topic are filed under the sender {@code kafka:<topic>} (no token name can hold a ':', so no HTTP sender can
 * pass for it), which may write for the hosts it registered and for new ones, never for a host a token registered
 * over HTTP. Never
 * throws on bad input. CPU work: runs on the consumer's thread.
 */
public final class RecordChecker {
    private final ReportDecoder decoder;
    private final HostOwners owners;
    private final Tokens tokens;
    private final FleetIndex index;
    private final int maxBodyBytes;
    private final String sender;

    public RecordChecker(ReportDecoder decoder, HostOwners owners, Tokens tokens, FleetIndex index, int maxBodyBytes,
                         String sender) {
        this.decoder = decoder;
        this.owners = owners;
        this.tokens = tokens;
        this.index = index;
        this.maxBodyBytes = maxBodyBytes;
        this.sender = sender;
    }

    /**
     * @param key      the record key, may be null
     * @param value    the record value, may be null
     * @param encoding the {@code content-encoding} header, null = identity
     * @param reportId the {@code reportId} header, may be null
     */
    public Verdict check(String key, byte[] value, String encoding, String reportId, Instant now) {
        if (value == null || value.length == 0) {
            return new Verdict.Skip("invalid", "the record has no value");
        }
        if (value.length > maxBodyBytes) {
            return new Verdict.Skip("too_large", "the record's value is " + value.length + " bytes, more than "
                    + "maxBodyBytes " + maxBodyBytes);
        }
        Decoded decoded;
        try {
            decoded = decoder.decode(value, encoding, reportId, sender, now);
        } catch (RuntimeException e) {
            return new Verdict.Skip("invalid", "the report could not be read: " + e.getClass().getSimpleName());
        }
        if (decoded instanceof Decoded.Rejected r) {
            return new Verdict.Skip(r.outcome().name().toLowerCase(Locale.ROOT), r.error());
        }
        Incoming incoming = ((Decoded.Ok) decoded).incoming();
        HostSummary summary = incoming.summary();
        String keyHost = key == null ? null : key.substring(key.lastIndexOf('/') + 1);
        if (!summary.hostname().equals(keyHost)) {
            return new Verdict.Skip("key_mismatch", "the record key '" + (key == null ? "null"
                    : Identifiers.printable(key.length() > 120 ? key.substring(0, 120) : key))
                    + "' does not end in the report's host '" + summary.hostname() + "' (keys are cluster/host)");
        }
        String owner = owners.claim(summary.hostname(), sender);
        if (!tokens.mayWriteFor(sender, owner)) {
            return new Verdict.Skip("forbidden", "host '" + summary.hostname() + "' is registered to '" + owner
                    + "'; reports for it from the topic (sender '" + sender + "') are refused");
        }
        return new Verdict.Store(new Incoming(ClusterMembership.keep(summary, index.host(summary.hostname())),
                incoming.gzJson()));
    }

    /** A header's value as text, null when absent. */
    public static String header(org.apache.kafka.common.header.Headers headers, String name) {
        var h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
