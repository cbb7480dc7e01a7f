package dev.brokertuner.collector.http;

import io.vertx.core.http.HttpServerResponse;

/**
 * The headers every response carries, so the dashboard cannot be framed (clickjacking), run injected script or
 * have a response sniffed into another type: a Content-Security-Policy that allows script, style and data only from
 * the collector itself (the dashboard has no inline script or style) and no framing, {@code X-Frame-Options: DENY}
 * for older browsers, {@code X-Content-Type-Options: nosniff} and no referrer.
 */
public final class SecurityHeaders {
    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    /** Puts the headers on {@code r} (before anything is written). */
    public static void apply(HttpServerResponse r) {
        r.putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer");
    }
}
