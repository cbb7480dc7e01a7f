package dev.brokertuner.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.brokertuner.report.Severity;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook against a real local HTTP server. */
class WebhookReceiverTest {
    static final Instant RAISED = Instant.parse("2026-12-01T10:01:00Z");
    HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> keys = new CopyOnWriteArrayList<>();
    final AtomicInteger status = new AtomicInteger(200);
    final AtomicReference<String> retryAfter = new AtomicReference<>();

    int serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/bt", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            keys.add(ex.getRequestHeaders().getFirst("Idempotency-Key"));
            if (retryAfter.get() != null) {
                ex.getResponseHeaders().add("Retry-After", retryAfter.get());
            }
            byte[] out = "ok".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status.get(), out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        return server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static Notification clear() {
        return new Notification("k-1", "a-1", AlertStatus.CLEAR, "host.vm.swappiness", Severity.WARNING, "c-prod",
                "kafka-a01", "vm.swappiness", "Resolved host.vm.swappiness on kafka-a01: vm.swappiness",
                "The finding is gone.", "60", "1", "docs/rules.md#hostvmswappiness", RAISED,
                Instant.parse("2026-12-01T11:00:00Z"), "https://collector.ops/#/alerts/a-1", false);
    }

    @Test
    void postsTheHealthPlusShapeWithTheIdempotencyKey() throws Exception {
        int port = serve();
        Receiver hook = WebhookReceiver.of(new ReceiverConfig("ops-hook", "webhook",
                Map.of("url", "http://127.0.0.1:" + port + "/bt")));
        assertThat(hook.deliver(clear())).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(keys).containsExactly("k-1");
        JsonNode body = new ObjectMapper().readTree(bodies.get(0));
        assertThat(body.fieldNames()).toIterable().containsExactly("id", "rule_id", "severity", "status", "title",
                "message", "cluster", "host", "subject", "current", "recommended", "raised_at", "cleared_at",
                "dashboard_url");
        assertThat(body.get("id").asText()).isEqualTo("a-1");
        assertThat(body.get("rule_id").asText()).isEqualTo("host.vm.swappiness");
        assertThat(body.get("severity").asText()).isEqualTo("WARN");
        assertThat(body.get("status").asText()).isEqualTo("CLEAR");
        assertThat(body.get("message").asText()).isEqualTo("The finding is gone.\n\nRule documentation: "
                + "docs/rules.md#hostvmswappiness");
        assertThat(body.get("raised_at").asText()).isEqualTo("2026-12-01T10:01:00Z");
        assertThat(body.get("cleared_at").asText()).isEqualTo("2026-12-01T11:00:00Z");
        assertThat(body.get("dashboard_url").asText()).isEqualTo("https://collector.ops/#/alerts/a-1");
    }

    @Test
    void retriesOn503And429HonouringRetryAfterAndRejectsOther4xx() throws Exception {
        int port = serve();
        Receiver hook = new WebhookReceiver("h", java.net.URI.create("http://127.0.0.1:" + port + "/bt"),
                Duration.ofSeconds(5));
        status.set(503);
        retryAfter.set("7");
        assertThat(hook.deliver(clear())).isEqualTo(new DeliveryResult.Retry("HTTP 503 ok", Duration.ofSeconds(7)));
        status.set(429);
        retryAfter.set(null);
        assertThat(hook.deliver(clear())).isEqualTo(new DeliveryResult.Retry("HTTP 429 ok", null));
        status.set(408);
        assertThat(hook.deliver(clear())).isInstanceOf(DeliveryResult.Retry.class);
        status.set(404);
        assertThat(hook.deliver(clear())).isEqualTo(new DeliveryResult.Rejected("HTTP 404 ok"));
        assertThat(keys).containsOnly("k-1").hasSize(4);
    }

    @Test
    void aReceiverNotListeningIsARetry() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Receiver hook = new WebhookReceiver("h", java.net.URI.create("http://127.0.0.1:" + port + "/bt"),
                Duration.ofSeconds(2));
        DeliveryResult r = hook.deliver(clear());
        assertThat(r).isInstanceOf(DeliveryResult.Retry.class);
        assertThat(((DeliveryResult.Retry) r).after()).isNull();
    }

    @Test
    void retryAfterAsAnHttpDate() {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        assertThat(WebhookReceiver.retryAfter("Tue, 01 Dec 2026 10:00:30 GMT", now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(WebhookReceiver.retryAfter("soon", now)).isNull();
        assertThat(new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5)).after(1, null))
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(Backoff.DEFAULT.after(3, null)).isEqualTo(Duration.ofSeconds(20));
        assertThat(Backoff.DEFAULT.after(30, null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(Backoff.DEFAULT.after(2, Duration.ofDays(1))).isEqualTo(Backoff.MAX_RETRY_AFTER);
    }

    @Test
    void badSettingsAreRefusedWithoutEchoingTheUrl() {
        assertThatThrownBy(() -> WebhookReceiver.of(new ReceiverConfig("h", "webhook", Map.of())))
                .hasMessageContaining("needs url or urlFile");
        assertThatThrownBy(() -> WebhookReceiver.of(new ReceiverConfig("h", "webhook",
                Map.of("url", "ftp://secret-token@host/x")))).hasMessageNotContaining("secret-token")
                .hasMessageContaining("http(s)");
        assertThatThrownBy(() -> ReceiverFactory.webhookOnly().create(new ReceiverConfig("c", "slack", Map.of())))
                .hasMessageContaining("unknown type 'slack'");
    }
}
