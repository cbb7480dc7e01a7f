package dev.brokertuner.agent.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * A small real HTTP collector implementing the ingest contract for delivery tests: bearer token, gzip body, 202 for
 * a new reportId and 200 for one it already has, and switchable failure modes (503 with Retry-After, 400). It
 * records every accepted report id in arrival order, including duplicates, so tests can prove exactly-once.
 */
final class TestCollector implements AutoCloseable {
    enum Mode { ACCEPT, UNAVAILABLE, REJECT }

    private final Vertx vertx = Vertx.vertx();
    private final String token;
    private final List<String> arrivals = new ArrayList<>();
    private final Set<String> stored = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.ACCEPT;
    private HttpServer server;

    TestCollector(String token) {
        this.token = token;
    }

    /** Listens on {@code port} (0 picks one) and returns the port. */
    int start(int port) throws Exception {
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            if (!req.path().equals("/v1/reports")) {
                req.response().setStatusCode(404).end();
                return;
            }
            if (!("Bearer " + token).equals(req.getHeader("Authorization"))) {
                req.response().setStatusCode(401).end("{\"error\":\"token\"}");
                return;
            }
            if (mode == Mode.UNAVAILABLE) {
                req.response().setStatusCode(503).putHeader("Retry-After", "1").end();
                return;
            }
            if (mode == Mode.REJECT) {
                req.response().setStatusCode(400).end("{\"error\":\"schema\"}");
                return;
            }
            try {
                byte[] json = "gzip".equals(req.getHeader("Content-Encoding"))
                        ? new GZIPInputStream(new ByteArrayInputStream(body.getBytes())).readAllBytes()
                        : body.getBytes();
                String id = new ObjectMapper().readTree(json).path("reportId").asText();
                if (!id.equals(req.getHeader("Idempotency-Key"))) {
                    req.response().setStatusCode(400).end("{\"error\":\"idempotency key\"}");
                    return;
                }
                synchronized (arrivals) {
                    arrivals.add(id);
                }
                boolean fresh = stored.add(id);
                req.response().setStatusCode(fresh ? 202 : 200).end("{\"reportId\":\"" + id + "\"}");
            } catch (IOException e) {
                req.response().setStatusCode(400).end("{\"error\":\"body\"}");
            }
        })).listen(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    void stopServer() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
    }

    void mode(Mode m) {
        mode = m;
    }

    /** Every accepted POST's report id, in arrival order (duplicates included). */
    List<String> arrivals() {
        synchronized (arrivals) {
            return List.copyOf(arrivals);
        }
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
