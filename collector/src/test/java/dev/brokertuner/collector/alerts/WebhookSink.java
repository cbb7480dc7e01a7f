package dev.brokertuner.collector.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP webhook receiver on a port chosen up front, so it can be down (not listening), failing (503)
 * or up (200) while the collector delivers to it. Records what it accepted, in arrival order.
 */
final class WebhookSink implements AutoCloseable {
    final int port;
    final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    final List<String> keys = new CopyOnWriteArrayList<>();
    final AtomicInteger refused = new AtomicInteger();
    private volatile boolean failing;
    private HttpServer server;

    WebhookSink() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    String url() {
        return "http://127.0.0.1:" + port + "/bt";
    }

    /** Starts listening; answers 503 while {@code failing}, else 200. */
    WebhookSink up(boolean failFirst) throws IOException {
        failing = failFirst;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/bt", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            int status = 200;
            if (failing) {
                refused.incrementAndGet();
                status = 503;
                ex.getResponseHeaders().add("Retry-After", "0");
            } else {
                accepted.add(new ObjectMapper().readTree(new String(body, StandardCharsets.UTF_8)));
                keys.add(ex.getRequestHeaders().getFirst("Idempotency-Key"));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
        return this;
    }

    void heal() {
        failing = false;
    }

    /** Waits (polling; no assertion on time) until {@code n} notifications were accepted. */
    void await(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (accepted.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    List<String> statuses() {
        return accepted.stream().map(j -> j.get("status").asText() + " " + j.get("rule_id").asText() + " "
                + j.get("host").asText()).toList();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
