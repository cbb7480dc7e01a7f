package dev.brokertuner.collector.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brokertuner.collector.alerts.AlertStatus;
import dev.brokertuner.collector.alerts.DeliveryResult;
import dev.brokertuner.collector.alerts.Notification;
import dev.brokertuner.collector.alerts.Receiver;
import dev.brokertuner.collector.config.Tokens;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.Severity;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * {@code POST /v1/alerts/test} with {@code {"receiver": "NAME"}}: sends a test {@link Notification}
 * ({@code test=true}, rule {@code broker-tuner.test}) to that receiver now, off the event loop, and answers with how
 * the delivery ended: 200 {@code delivered}, 502 {@code retry} or {@code rejected} with the receiver's reason. An
 * operator token ({@code role=operator}) is required even when viewers are open (it makes the collector send): a
 * reports-only token gets 403; each token may send {@link TestRateLimit#PER_MINUTE} tests a minute, then 429. Nothing is queued or stored:
 * a test that fails is not retried. A receiver that opens incidents ({@link #RESOLVED_AFTER_TEST}: PagerDuty) gets
 * the test's CLEAR right after a delivered trigger, with the same alert id (PagerDuty's {@code dedup_key}), so a test
 * never leaves an open incident; the answer's {@code resolve} says how that ended.
 */
final class AlertTestRoutes {
    /** Largest request body. */
    static final int MAX_BODY = 4096;
    static final String RULE = "broker-tuner.test";
    /** Receiver types whose test trigger is followed by its resolve: a trigger there opens an incident. */
    static final Set<String> RESOLVED_AFTER_TEST = Set.of("pagerduty");

    /** How the test's trigger and, where sent, its resolve ended. */
    private record Sent(DeliveryResult trigger, DeliveryResult resolve) {
    }

    private final Tokens tokens;
    private final Map<String, Receiver> receivers;
    private final String dashboardUrl;
    private final ReportJson json;
    private final Clock clock;
    private final TestRateLimit limit = new TestRateLimit();

    AlertTestRoutes(Tokens tokens, Map<String, Receiver> receivers, String dashboardUrl, ReportJson json,
                    Clock clock) {
        this.tokens = tokens;
        this.receivers = Map.copyOf(receivers);
        this.dashboardUrl = dashboardUrl;
        this.json = json;
        this.clock = clock;
    }

    void mount(Router router) {
        router.post("/v1/alerts/test").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
                .handler(this::test);
    }

    private void test(RoutingContext ctx) {
        String bearer = CollectorRoutes.bearer(ctx);
        if (tokens.senderOf(bearer).isEmpty()) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"broker-tuner\"");
            send(ctx, 401, CollectorRoutes.errorBody(401, "an operator token is required to send a test "
                    + "notification (Authorization: Bearer <token>)"));
            return;
        }
        Optional<String> operator = tokens.operatorOf(bearer);
        if (operator.isEmpty()) {
            send(ctx, 403, CollectorRoutes.errorBody(403, "this token sends reports only; a test notification takes "
                    + "an operator token (role=operator in the tokens file)"));
            return;
        }
        String name;
        try {
            JsonNode body = json.mapper().readTree(ctx.body().buffer() == null ? new byte[0]
                    : ctx.body().buffer().getBytes());
            JsonNode r = body == null ? null : body.get("receiver");
            name = r != null && r.isTextual() ? r.asText() : null;
        } catch (java.io.IOException e) {
            name = null;
        }
        if (name == null) {
            send(ctx, 400, CollectorRoutes.errorBody(400, "the body must be JSON {\"receiver\": \"NAME\"}"));
            return;
        }
        Receiver receiver = receivers.get(name);
        if (receiver == null) {
            send(ctx, 404, CollectorRoutes.errorBody(404, "no receiver '" + Identifiers.printable(name)
                    + "' (configured: " + (receivers.isEmpty() ? "none" : String.join(", ",
                    new TreeSet<>(receivers.keySet()))) + ")"));
            return;
        }
        Optional<Duration> wait = limit.take(operator.get(), clock.instant());
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            ctx.response().putHeader("Retry-After", Long.toString(seconds));
            send(ctx, 429, CollectorRoutes.errorBody(429, "at most " + TestRateLimit.PER_MINUTE + " test "
                    + "notifications a minute per token; try again in " + seconds + " s"));
            return;
        }
        Notification n = notification(clock.instant(), dashboardUrl);
        ctx.vertx().executeBlocking(() -> {
            DeliveryResult trigger = receiver.deliver(n);
            boolean resolve = trigger instanceof DeliveryResult.Delivered
                    && RESOLVED_AFTER_TEST.contains(receiver.type());
            return new Sent(trigger, resolve ? receiver.deliver(resolved(n, clock.instant())) : null);
        }, false).onComplete(ar -> {
            DeliveryResult result = ar.succeeded() ? ar.result().trigger() : new DeliveryResult.Retry(
                    "the delivery failed: " + CollectorRoutes.rootMessage(ar.cause()), null);
            Map<String, Object> b = new LinkedHashMap<>();
            int status = result instanceof DeliveryResult.Delivered ? 200 : 502;
            if (status != 200) {
                b.put("status", status);
                b.put("error", "the test notification was not delivered to '" + receiver.name() + "'");
            }
            b.put("receiver", receiver.name());
            b.put("type", receiver.type());
            if (result instanceof DeliveryResult.Delivered d) {
                b.put("outcome", "delivered");
                b.put("detail", d.detail());
            } else if (result instanceof DeliveryResult.Retry r) {
                b.put("outcome", "retry");
                b.put("detail", r.reason());
                b.put("retryAfterSeconds", r.after() == null ? null : r.after().toSeconds());
            } else if (result instanceof DeliveryResult.Rejected r) {
                b.put("outcome", "rejected");
                b.put("detail", r.reason());
            }
            b.put("alertId", n.alertId());
            b.put("deliveryKey", n.deliveryKey());
            if (ar.succeeded() && ar.result().resolve() != null) {
                b.put("resolve", outcome(ar.result().resolve()));
            }
            send(ctx, status, b);
        });
    }

    /** The test notification sent at {@code now}. */
    static Notification notification(Instant now, String dashboardUrl) {
        String id = "test-" + UUID.randomUUID();
        return new Notification(id, id, AlertStatus.RAISED, RULE, Severity.INFO, null, null, "test notification",
                "Test notification from broker-tuner",
                "This is a test notification sent with POST /v1/alerts/test: this receiver is configured and "
                        + "reachable. Nothing needs to be done.", null, null, null, now, null,
                dashboardUrl == null ? null : dashboardUrl + "/ui/", true);
    }

    /** The test's CLEAR: same alert id (PagerDuty's dedup_key), its own delivery key. */
    static Notification resolved(Notification n, Instant now) {
        return new Notification(n.deliveryKey() + "-resolve", n.alertId(), AlertStatus.CLEAR, n.ruleId(),
                n.severity(), n.cluster(), n.host(), n.subject(), n.title(), n.message(), n.current(),
                n.recommended(), n.docUrl(), n.raisedAt(), now, n.dashboardUrl(), true);
    }

    private static Map<String, Object> outcome(DeliveryResult r) {
        Map<String, Object> o = new LinkedHashMap<>();
        if (r instanceof DeliveryResult.Delivered d) {
            o.put("outcome", "delivered");
            o.put("detail", d.detail());
        } else if (r instanceof DeliveryResult.Retry t) {
            o.put("outcome", "retry");
            o.put("detail", t.reason());
        } else if (r instanceof DeliveryResult.Rejected j) {
            o.put("outcome", "rejected");
            o.put("detail", j.reason());
        }
        return o;
    }

    private void send(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(json.write(body)));
    }
}
