package dev.brokertuner.agent.daemon.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * The first handler of every API route: puts the browser-hardening headers on the response (whatever it turns out
 * to be, errors included) and refuses a request whose {@code Host} is not one of the API's listen names with 421
 * (see {@link HostCheck}). The API serves JSON and text only, so the policy allows nothing to load or frame it.
 */
public final class BrowserHardening {
    /** The headers every API response carries. */
    public static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action "
                    + "'none'",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-store");

    private final HostCheck hosts;

    public BrowserHardening(HostCheck hosts) {
        this.hosts = hosts;
    }

    /** Adds the headers to a response's header map. */
    public static void addTo(MultiMap headers) {
        HEADERS.forEach(headers::set);
    }

    /** The route handler: headers, then the Host check, then the next handler. */
    public void handle(RoutingContext ctx, ErrorSender errors) {
        addTo(ctx.response().headers());
        String host = ctx.request().getHeader("Host");
        if (host == null && ctx.request().version() == HttpVersion.HTTP_2 && ctx.request().authority() != null) {
            var a = ctx.request().authority(); // HTTP/2 carries the Host as :authority
            String name = a.host().contains(":") && !a.host().startsWith("[") ? "[" + a.host() + "]" : a.host();
            host = a.port() >= 0 ? name + ":" + a.port() : name;
        }
        if (host == null && ctx.request().version() == HttpVersion.HTTP_1_0) {
            ctx.next(); // HTTP/1.0 has no Host; browsers always send one
            return;
        }
        if (host == null) {
            errors.send(ctx, 400, "missing Host header");
            return;
        }
        if (!hosts.allows(host)) {
            errors.send(ctx, 421, "this API answers only to its listen names " + hosts.names()
                    + " (with or without its port); the Host header named another");
            return;
        }
        ctx.next();
    }

    /** How the API writes an error body. */
    @FunctionalInterface
    public interface ErrorSender {
        void send(RoutingContext ctx, int status, String message);
    }
}
