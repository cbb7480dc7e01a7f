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
    /** 403: the host is registered to another token that this one may not write for. */
    FORBIDDEN,
    /** 400: not a valid report. */
    INVALID,
    /** 422: a schemaVersion this collector does not read, a report it cannot file (no hostname), or one dated
     * further in the future than the allowed clock skew. */
    UNPROCESSABLE,
    /** 413: body above the limit. */
    TOO_LARGE,
    /** 415: a content encoding or type other than gzip/identity JSON. */
    UNSUPPORTED_MEDIA,
    /** 503: too many reports waiting for the store, the memory budget or the token's concurrency limit reached. */
    OVERLOADED,
    /** 503: the store failed. */
    STORE_FAILED;

    /** The label value. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
