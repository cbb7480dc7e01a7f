package dev.brokertuner.collector.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Requests whose body length is ambiguous are refused, never guessed at: both {@code Content-Length} and
 * {@code Transfer-Encoding} (the classic request-smuggling shape behind a proxy that reads the other one), or more
 * than one {@code Content-Length}. Answered 400 and the connection closed, since where the next request starts is
 * unknown.
 */
public final class RequestFraming {
    private RequestFraming() {
    }

    /** True when the request states its length in two ways, or twice. */
    public static boolean ambiguous(HttpServerRequest req) {
        var h = req.headers();
        return h.getAll("Content-Length").size() > 1
                || (h.contains("Content-Length") && h.contains("Transfer-Encoding"));
    }

    /** Answers 400 and closes the connection. */
    public static void refuse(HttpServerRequest req) {
        req.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(Buffer.buffer("{\"status\":400,\"error\":\"a request may not carry both Content-Length and "
                        + "Transfer-Encoding, nor two Content-Length headers\"}"))
                .onComplete(ar -> req.connection().close());
    }
}
