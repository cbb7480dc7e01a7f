package dev.brokertuner.collector.http;

import dev.brokertuner.collector.fleet.HostSummary;
import dev.brokertuner.collector.fleet.Summaries;
import dev.brokertuner.collector.store.Incoming;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.ReportValidator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Turns a posted body into a report for the store, or a rejection that names every problem: gunzips with a limit
 * on the inflated size (a gzip bomb stops at {@code maxBytes}), validates against the report schema
 * ({@link ReportValidator}), maps to a {@link Report}, checks the {@code Idempotency-Key} matches the
 * {@code reportId}, and keeps the gzip bytes for the store. CPU work: run it off the event loop. Never throws on
 * bad input.
 */
public final class ReportDecoder {
    /** Longest report id and hostname the store keeps. */
    public static final int MAX_ID = 200;
    public static final int MAX_HOSTNAME = 255;
    /** Most schema problems listed in one answer. */
    public static final int MAX_PROBLEMS = 50;

    private final ReportValidator validator;
    private final ReportJson json;
    private final int maxBytes;

    public ReportDecoder(ReportValidator validator, ReportJson json, int maxBytes) {
        this.validator = validator;
        this.json = json;
        this.maxBytes = maxBytes;
    }

    /**
     * Decodes one body.
     *
     * @param body            the bytes as received
     * @param contentEncoding the {@code Content-Encoding} header, null when absent
     * @param idempotencyKey  the {@code Idempotency-Key} header, null when absent
     * @param sender          the token's name
     * @param now             the receive time
     */
    public Decoded decode(byte[] body, String contentEncoding, String idempotencyKey, String sender, Instant now) {
        String enc = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        byte[] raw;
        byte[] gz;
        if (enc.equals("gzip") || enc.equals("x-gzip")) {
            try {
                raw = gunzip(body);
            } catch (TooLarge e) {
                return new Decoded.Rejected(IngestOutcome.TOO_LARGE, 413, "the report inflates to more than "
                        + maxBytes + " bytes", List.of());
            } catch (IOException e) {
                return new Decoded.Rejected(IngestOutcome.INVALID, 400, "the body is not valid gzip: "
                        + e.getMessage(), List.of());
            }
            gz = body;
        } else if (enc.equals("identity")) {
            raw = body;
            gz = null;
        } else {
            return new Decoded.Rejected(IngestOutcome.UNSUPPORTED_MEDIA, 415, "Content-Encoding '" + contentEncoding
                    + "' is not supported (send gzip or no encoding)", List.of());
        }
        List<String> problems = validator.validate(raw);
        if (!problems.isEmpty()) {
            if (problems.size() == 1 && problems.get(0).startsWith("$.schemaVersion: version")) {
                return new Decoded.Rejected(IngestOutcome.UNPROCESSABLE, 422, problems.get(0), problems);
            }
            List<String> shown = problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems;
            return new Decoded.Rejected(IngestOutcome.INVALID, 400, "not a valid report: " + problems.size()
                    + " problem(s)" + (problems.size() > MAX_PROBLEMS ? ", the first " + MAX_PROBLEMS + " listed"
                    : ""), shown);
        }
        Report report;
        try {
            report = json.read(raw);
        } catch (IOException | RuntimeException e) {
            return new Decoded.Rejected(IngestOutcome.INVALID, 400, "the report does not map to the model: "
                    + e.getMessage().lines().findFirst().orElse(""), List.of());
        }
        if (report.reportId().isBlank() || report.reportId().length() > MAX_ID) {
            return new Decoded.Rejected(IngestOutcome.INVALID, 400, "reportId must be 1-" + MAX_ID
                    + " characters", List.of("$.reportId: length " + report.reportId().length()));
        }
        if (idempotencyKey != null && !idempotencyKey.equals(report.reportId())) {
            return new Decoded.Rejected(IngestOutcome.INVALID, 400, "Idempotency-Key '" + idempotencyKey
                    + "' differs from the body's reportId '" + report.reportId() + "'", List.of());
        }
        String host = report.host().hostname();
        if (host == null || host.isBlank()) {
            return new Decoded.Rejected(IngestOutcome.UNPROCESSABLE, 422, "host.hostname is unknown in this report; "
                    + "the collector files reports by host and cannot place it", List.of("$.host.hostname: null"));
        }
        if (host.length() > MAX_HOSTNAME) {
            return new Decoded.Rejected(IngestOutcome.INVALID, 400, "host.hostname is longer than " + MAX_HOSTNAME
                    + " characters", List.of());
        }
        HostSummary summary = Summaries.of(report, now, sender);
        return new Decoded.Ok(new Incoming(summary, gz != null ? gz : gzip(raw)));
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("too large");
        }
    }

    private byte[] gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, body.length * 6 + 64));
            byte[] buf = new byte[8192];
            int total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new TooLarge();
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
