package dev.brokertuner.collector.http;

import java.util.Locale;

/** How one {@code POST /v1/reports} ended, as counted in {@code /metrics}. */
public enum IngestOutcome {
    /** 202: stored. */
    ACCEPTED,
    /** 200: already stored. */
    DUPLICATE,
    /** 401: no or unknown token. */
    UNAUTHORIZED,
    /** 400: not a valid report. */
    INVALID,
    /** 422: a schemaVersion this collector does not read, or a report it cannot file (no hostname). */
    UNPROCESSABLE,
    /** 413: body above the limit. */
    TOO_LARGE,
    /** 415: a content encoding or type other than gzip/identity JSON. */
    UNSUPPORTED_MEDIA,
    /** 503: too many reports waiting for the store. */
    OVERLOADED,
    /** 503: the store failed. */
    STORE_FAILED;

    /** The label value. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
