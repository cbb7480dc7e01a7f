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
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Turns a posted body into a report for the store, or a rejection that names every problem: gunzips with a limit
 * on the inflated size (a gzip bomb stops at {@code maxBytes}) while growing the request's memory
 * {@link MemoryBudget.Reservation}, checks the hard caps and character rules by streaming ({@link ReportLimits}),
 * reserves the estimated size of the parsed form, parses it once into a tree, validates that tree against the report
 * schema ({@link ReportValidator#check}), maps the same tree to a {@link Report}, checks the identifiers ({@link Identifiers}), the {@code Idempotency-Key} and the clock
 * skew of {@code generatedAt}, and keeps the gzip bytes for the store. CPU work: run it off the event loop. Never
 * throws on bad input.
 */
public final class ReportDecoder {
    /** Longest report id and hostname the store keeps. */
    public static final int MAX_ID = 200;
    public static final int MAX_HOSTNAME = Identifiers.MAX_HOSTNAME;
    /** Most schema problems listed in one answer. */
    public static final int MAX_PROBLEMS = 50;
    /** Heap bytes a parsed JSON value costs, about (node, map entry, references), counted twice: schema and model. */
    static final long BYTES_PER_VALUE = 2 * 120;
    /** Heap bytes per byte of JSON for the parsed strings (UTF-16 at worst), counted twice. */
    static final long BYTES_PER_BYTE = 2 * 2;

    /**
     * What decoding a typical maximal report of {@code maxBytes} reserves: the inflated bytes twice and the parse
     * estimate at one JSON value per 50 bytes.
     */
    static long maxCost(int maxBytes) {
        return 2L * maxBytes + (maxBytes / 50) * BYTES_PER_VALUE + (long) maxBytes * BYTES_PER_BYTE;
    }

    private final ReportValidator validator;
    private final ReportJson json;
    private final int maxBytes;
    private final ReportLimits limits;
    private final Duration maxSkew;

    public ReportDecoder(ReportValidator validator, ReportJson json, int maxBytes) {
        this(validator, json, maxBytes, Duration.ofMinutes(5));
    }

    public ReportDecoder(ReportValidator validator, ReportJson json, int maxBytes, Duration maxSkew) {
        this.validator = validator;
        this.json = json;
        this.maxBytes = maxBytes;
        this.limits = new ReportLimits(json.mapper().getFactory());
        this.maxSkew = maxSkew;
    }

    /** Decodes one body without a memory budget (tests, tools). */
    public Decoded decode(byte[] body, String contentEncoding, String idempotencyKey, String sender, Instant now) {
        return decode(body, contentEncoding, idempotencyKey, sender, now, new MemoryBudget(Long.MAX_VALUE).open());
    }

    /**
     * Decodes one body.
     *
     * @param body            the bytes as received
     * @param contentEncoding the {@code Content-Encoding} header, null when absent
     * @param idempotencyKey  the {@code Idempotency-Key} header, null when absent
     * @param sender          the token's name
     * @param now             the receive time
     * @param memory          the request's reservation: grown while inflating and parsing, left holding the stored
     *                        gzip bytes
     */
    public Decoded decode(byte[] body, String contentEncoding, String idempotencyKey, String sender, Instant now,
                          MemoryBudget.Reservation memory) {
        String enc = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        byte[] raw;
        byte[] gz;
        if (enc.equals("gzip") || enc.equals("x-gzip")) {
            try {
                raw = gunzip(body, memory);
            } catch (TooLarge e) {
                return new Decoded.Rejected(IngestOutcome.TOO_LARGE, 413, "the report inflates to more than "
                        + maxBytes + " bytes", List.of());
            } catch (OverBudget e) {
                return overBudget();
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
        ReportLimits.Scan scan = limits.scan(raw);
        if (!scan.ok()) {
            return new Decoded.Rejected(IngestOutcome.INVALID, 400, "the report exceeds a limit or holds a "
                    + "refused character (see docs/collector.md): " + scan.problems().get(0), scan.problems());
        }
        long parse = scan.values() * BYTES_PER_VALUE + raw.length * BYTES_PER_BYTE;
        if (!memory.grow(parse)) {
            if (parse > memory.limit() / 2) {
                return new Decoded.Rejected(IngestOutcome.TOO_LARGE, 413, "parsing this report would take about "
                        + parse / 1_048_576 + " MiB (" + scan.values() + " JSON values), more than half the ingest "
                        + "memory budget (ingestMemoryBytes " + memory.limit() + ")", List.of());
            }
            return overBudget();
        }
        // parsed once: the schema validates this tree and the model is mapped from it, not from the bytes again
        ReportValidator.Checked checked = validator.check(raw);
        List<String> problems = checked.problems();
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
            report = json.read(checked.tree());
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Decoded.Rejected(IngestOutcome.INVALID, 400, "the report does not map to the model: "
                    + m.lines().findFirst().orElse(""), List.of());
        }
        Decoded.Rejected refused = identity(report, idempotencyKey, now);
        if (refused != null) {
            return refused;
        }
        HostSummary summary = Summaries.of(report, now, sender);
        byte[] stored = gz != null ? gz : gzip(raw);
        memory.shrinkTo(stored.length);
        return new Decoded.Ok(new Incoming(summary, stored));
    }

    /** The identifier, key and clock checks; null when the report passes them. */
    private Decoded.Rejected identity(Report report, String idempotencyKey, Instant now) {
        if (!Identifiers.reportId(report.reportId())) {
            return new Decoded.Rejected(IngestOutcome.INVALID, 400, "reportId must be a UUID (8-4-4-4-12 hex "
                    + "digits)", List.of("$.reportId: '" + Identifiers.printable(abbrev(report.reportId())) + "'"));
        }
        if (idempotencyKey != null && !idempotencyKey.equals(report.reportId())) {
            return new Decoded.Rejected(IngestOutcome.INVALID, 400, "Idempotency-Key '"
                    + Identifiers.printable(abbrev(idempotencyKey)) + "' differs from the body's reportId '"
                    + report.reportId() + "'", List.of());
        }
        String host = report.host().hostname();
        if (host == null || host.isBlank()) {
            return new Decoded.Rejected(IngestOutcome.UNPROCESSABLE, 422, "host.hostname is unknown in this report; "
                    + "the collector files reports by host and cannot place it", List.of("$.host.hostname: null"));
        }
        if (!Identifiers.hostname(host)) {
            return new Decoded.Rejected(IngestOutcome.INVALID, 400, "host.hostname must be 1-" + MAX_HOSTNAME
                    + " ASCII letters, digits, '.', '-' or '_', starting with a letter or digit",
                    List.of("$.host.hostname: '" + Identifiers.printable(abbrev(host)) + "'"));
        }
        String alias = Identifiers.clusterProblem(report.clusterAlias());
        if (alias != null) {
            return new Decoded.Rejected(IngestOutcome.INVALID, 400, "clusterAlias " + alias,
                    List.of("$.clusterAlias"));
        }
        String id = report.broker() == null ? null : Identifiers.clusterProblem(report.broker().clusterId());
        if (id != null) {
            return new Decoded.Rejected(IngestOutcome.INVALID, 400, "broker.clusterId " + id,
                    List.of("$.broker.clusterId"));
        }
        String lastKnown = report.broker() == null ? null
                : Identifiers.clusterProblem(report.broker().lastKnownClusterId());
        if (lastKnown != null) {
            return new Decoded.Rejected(IngestOutcome.INVALID, 400, "broker.lastKnownClusterId " + lastKnown,
                    List.of("$.broker.lastKnownClusterId"));
        }
        Instant latest = now.plus(maxSkew);
        if (report.generatedAt().isAfter(latest)) {
            return new Decoded.Rejected(IngestOutcome.UNPROCESSABLE, 422, "generatedAt " + report.generatedAt()
                    + " is " + Duration.between(now, report.generatedAt()).toSeconds() + " s ahead of the collector's "
                    + "clock (" + now + "); at most " + maxSkew.toSeconds() + " s ahead is accepted "
                    + "(maxClockSkewSeconds): check the agent host's clock (NTP)", List.of("$.generatedAt"));
        }
        return null;
    }

    private static String abbrev(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static Decoded.Rejected overBudget() {
        return new Decoded.Rejected(IngestOutcome.OVERLOADED, 503, "the collector is holding as many report bytes "
                + "as its memory budget allows (ingestMemoryBytes); retry shortly", List.of());
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("too large");
        }
    }

    private static final class OverBudget extends IOException {
        OverBudget() {
            super("over the memory budget");
        }
    }

    /**
     * Inflates, growing the reservation by each 64 KiB before it is written, and stops past {@code maxBytes}. The
     * inflater writes straight into the result (no intermediate buffer, no stream's copy); the array grows by
     * doubling and is trimmed once at the end.
     */
    private byte[] gunzip(byte[] body, MemoryBudget.Reservation memory) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body),
                Math.max(512, Math.min(8192, body.length)))) {
            byte[] out = new byte[(int) Math.min(maxBytes + 1L, Math.max(1024L, body.length * 8L))];
            int total = 0;
            long reserved = 0;
            while (true) {
                if (total == reserved) {
                    // reserved before it is written; the trimming copy at the end doubles the peak
                    if (!memory.grow(2L * 65536)) {
                        throw new OverBudget();
                    }
                    reserved += 65536;
                }
                if (total == out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(maxBytes + 1L, out.length * 2L));
                }
                int n = in.read(out, total, (int) Math.min(out.length - total, reserved - total));
                if (n <= 0) {
                    break;
                }
                total += n;
                if (total > maxBytes) {
                    throw new TooLarge();
                }
            }
            return total == out.length ? out : Arrays.copyOf(out, total);
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
