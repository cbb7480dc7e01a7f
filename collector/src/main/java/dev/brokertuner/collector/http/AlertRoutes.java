package dev.brokertuner.collector.http;

import dev.brokertuner.collector.alerts.Alert;
import dev.brokertuner.collector.alerts.AlertService;
import dev.brokertuner.collector.alerts.AlertStore;
import dev.brokertuner.collector.alerts.Messages;
import dev.brokertuner.collector.alerts.Silence;
import dev.brokertuner.collector.alerts.StoredNotification;
import dev.brokertuner.collector.config.Tokens;
import dev.brokertuner.report.ReportJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * The alerts API: {@code GET /v1/alerts}, {@code GET /v1/alerts/{id}} (with its notifications, deliveries and
 * attempts), {@code POST /v1/alerts/{id}/ack}, and silences ({@code GET/POST /v1/silences},
 * {@code DELETE /v1/silences/{id}}). Mounted behind the viewer check of the fleet views; writes also need a bearer
 * token of the tokens file whatever {@code viewers} says, and record its name. Every input is checked: ids are
 * UUIDs, texts are bounded and free of control characters, a silence names a cluster, host or rule and expires in
 * the future, within {@link #MAX_SILENCE}.
 */
public final class AlertRoutes {
    static final int MAX_BODY = 8 * 1024;
    static final int MAX_COMMENT = 1000;
    static final int MAX_LIMIT = 1000;
    static final Duration MAX_SILENCE = Duration.ofDays(90);
    private static final Pattern RULE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,199}");

    private final Tokens tokens;
    private final AlertStore store;
    private final AlertService service;
    private final ReportJson json;
    private final Clock clock;

    public AlertRoutes(Tokens tokens, AlertStore store, AlertService service, ReportJson json, Clock clock) {
        this.tokens = tokens;
        this.store = store;
        this.service = service;
        this.json = json;
        this.clock = clock;
    }

    /** Adds the routes; call after the viewer check on {@code /v1/*}. */
    void mount(Router router) {
        router.get("/v1/alerts").handler(this::list);
        router.get("/v1/alerts/:id").handler(this::one);
        router.post("/v1/alerts/:id/ack").handler(BodyHandler.create().setBodyLimit(MAX_BODY)).handler(this::ack);
        router.get("/v1/silences").handler(ctx -> answer(ctx, 200, () -> Map.of("silences",
                store.silences(clock.instant()))));
        router.post("/v1/silences").handler(BodyHandler.create().setBodyLimit(MAX_BODY)).handler(this::silence);
        router.delete("/v1/silences/:id").handler(this::unsilence);
    }

    private void list(RoutingContext ctx) {
        String state = Optional.ofNullable(ctx.request().getParam("state")).orElse("raised").trim()
                .toLowerCase(Locale.ROOT);
        AlertStore.Filter filter;
        try {
            filter = AlertStore.Filter.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            error(ctx, 400, "state: must be raised, cleared or all");
            return;
        }
        String cluster = blank(ctx.request().getParam("cluster"));
        String problem = Identifiers.clusterProblem(cluster);
        if (problem != null) {
            error(ctx, 400, "cluster: " + problem);
            return;
        }
        int limit = 200;
        String l = ctx.request().getParam("limit");
        if (l != null && !l.isBlank()) {
            try {
                limit = Integer.parseInt(l.trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                error(ctx, 400, "limit: must be a whole number 1-" + MAX_LIMIT);
                return;
            }
        }
        int max = limit;
        answer(ctx, 200, () -> {
            Instant now = clock.instant();
            List<Silence> silences = store.silences(now);
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("generatedAt", now);
            b.put("alerts", store.alerts(filter, cluster, max).stream().map(a -> view(a, silences, now)).toList());
            return b;
        });
    }

    private void one(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!Identifiers.reportId(id)) {
            error(ctx, 400, "an alert id is a UUID");
            return;
        }
        answer(ctx, 200, () -> {
            Optional<Alert> a = store.alert(id);
            if (a.isEmpty()) {
                return null;
            }
            Instant now = clock.instant();
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("alert", view(a.get(), store.silences(now), now));
            b.put("notifications", store.notifications(id).stream().map(AlertRoutes::notification).toList());
            b.put("deliveries", store.deliveries(id));
            b.put("attempts", store.attempts(id));
            return b;
        });
    }

    private void ack(RoutingContext ctx) {
        Optional<String> by = writer(ctx);
        if (by.isEmpty()) {
            return;
        }
        String id = ctx.pathParam("id");
        if (!Identifiers.reportId(id)) {
            error(ctx, 400, "an alert id is a UUID");
            return;
        }
        JsonObject body = body(ctx, true);
        if (body == null) {
            return;
        }
        String comment = text(ctx, body, "comment", false);
        if (comment == null && ctx.response().ended()) {
            return;
        }
        answer(ctx, 200, () -> {
            if (!service.ack(id, by.get(), comment == null ? "" : comment)) {
                return null;
            }
            Instant now = clock.instant();
            return Map.of("alert", view(store.alert(id).orElseThrow(), store.silences(now), now));
        });
    }

    private void silence(RoutingContext ctx) {
        Optional<String> by = writer(ctx);
        if (by.isEmpty()) {
            return;
        }
        JsonObject body = body(ctx, false);
        if (body == null) {
            return;
        }
        String cluster = text(ctx, body, "cluster", false);
        String host = text(ctx, body, "host", false);
        String rule = text(ctx, body, "ruleId", false);
        String comment = text(ctx, body, "comment", true);
        if (ctx.response().ended()) {
            return;
        }
        if (cluster == null && host == null && rule == null) {
            error(ctx, 400, "a silence names a cluster, a host or a ruleId (or several)");
            return;
        }
        String problem = Identifiers.clusterProblem(cluster);
        if (problem != null) {
            error(ctx, 400, "cluster: " + problem);
            return;
        }
        if (host != null && !Identifiers.hostname(host)) {
            error(ctx, 400, "host: not a hostname (letters, digits, '.', '-', '_'; at most "
                    + Identifiers.MAX_HOSTNAME + ")");
            return;
        }
        if (rule != null && !RULE.matcher(rule).matches()) {
            error(ctx, 400, "ruleId: a rule id such as host.fs.noatime (lower-case letters, digits, '.', '-', '_')");
            return;
        }
        Instant now = clock.instant();
        Instant expires;
        try {
            expires = expiry(body, now);
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        Silence s = new Silence(UUID.randomUUID().toString(), cluster, host, rule, comment, by.get(), now, expires);
        answer(ctx, 201, () -> {
            store.addSilence(s);
            return s;
        });
    }

    /** {@code expiresAt} (ISO-8601) or {@code durationMinutes}: in the future, within {@link #MAX_SILENCE}. */
    static Instant expiry(JsonObject body, Instant now) {
        Object at = body.getValue("expiresAt");
        Object minutes = body.getValue("durationMinutes");
        if ((at == null) == (minutes == null)) {
            throw new IllegalArgumentException("give one of expiresAt (ISO-8601, e.g. 2026-12-01T18:00:00Z) or "
                    + "durationMinutes");
        }
        Instant expires;
        if (at != null) {
            if (!(at instanceof String t)) {
                throw new IllegalArgumentException("expiresAt: an ISO-8601 instant such as 2026-12-01T18:00:00Z");
            }
            try {
                expires = Instant.parse(t.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("expiresAt: an ISO-8601 instant such as 2026-12-01T18:00:00Z");
            }
        } else {
            if (!(minutes instanceof Integer) && !(minutes instanceof Long)) {
                throw new IllegalArgumentException("durationMinutes: a whole number");
            }
            long m = ((Number) minutes).longValue();
            if (m < 1 || m > MAX_SILENCE.toMinutes()) {
                throw new IllegalArgumentException("durationMinutes: 1-" + MAX_SILENCE.toMinutes());
            }
            expires = now.plus(Duration.ofMinutes(m));
        }
        if (!expires.isAfter(now)) {
            throw new IllegalArgumentException("expiresAt: must be in the future");
        }
        if (expires.isAfter(now.plus(MAX_SILENCE))) {
            throw new IllegalArgumentException("expiresAt: at most " + MAX_SILENCE.toDays() + " days ahead");
        }
        return expires;
    }

    private void unsilence(RoutingContext ctx) {
        if (writer(ctx).isEmpty()) {
            return;
        }
        String id = ctx.pathParam("id");
        if (!Identifiers.reportId(id)) {
            error(ctx, 400, "a silence id is a UUID");
            return;
        }
        ctx.vertx().executeBlocking(() -> store.deleteSilence(id), false).onComplete(ar -> {
            if (ar.failed()) {
                error(ctx, 503, "the store is unavailable: " + CollectorRoutes.rootMessage(ar.cause()));
            } else if (!ar.result()) {
                error(ctx, 404, "no silence '" + id + "'");
            } else {
                ctx.response().setStatusCode(204).end();
            }
        });
    }

    /**
     * The operator token's name, or an answered 401 (no known token) or 403 (a reports-only token: every agent holds
     * one, so it must not silence or acknowledge alerts).
     */
    private Optional<String> writer(RoutingContext ctx) {
        String bearer = CollectorRoutes.bearer(ctx);
        if (tokens.senderOf(bearer).isEmpty()) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"broker-tuner\"");
            error(ctx, 401, "an operator token is required to change alerts and silences (Authorization: Bearer "
                    + "<token>)");
            return Optional.empty();
        }
        Optional<String> by = tokens.operatorOf(bearer);
        if (by.isEmpty()) {
            error(ctx, 403, "this token sends reports only; changing alerts and silences takes an operator token "
                    + "(role=operator in the tokens file)");
        }
        return by;
    }

    private JsonObject body(RoutingContext ctx, boolean emptyOk) {
        Buffer b = ctx.body().buffer();
        if (b == null || b.length() == 0) {
            if (emptyOk) {
                return new JsonObject();
            }
            error(ctx, 400, "a JSON object body is required");
            return null;
        }
        try {
            return new JsonObject(b);
        } catch (DecodeException | ClassCastException e) {
            error(ctx, 400, "the body is not a JSON object");
            return null;
        }
    }

    /** A bounded text field without control characters, null when absent; answers 400 otherwise. */
    private String text(RoutingContext ctx, JsonObject body, String field, boolean required) {
        if (ctx.response().ended()) {
            return null;
        }
        Object v = body.getValue(field);
        if (v == null || v instanceof String s && s.isBlank()) {
            if (required) {
                error(ctx, 400, field + ": required");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            error(ctx, 400, field + ": must be a string");
            return null;
        }
        String t = s.strip();
        if (t.length() > MAX_COMMENT) {
            error(ctx, 400, field + ": at most " + MAX_COMMENT + " characters");
            return null;
        }
        if (t.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            error(ctx, 400, field + ": holds a control character");
            return null;
        }
        return t;
    }

    static Map<String, Object> view(Alert a, List<Silence> silences, Instant now) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("id", a.id());
        b.put("state", a.state().name().toLowerCase(Locale.ROOT));
        b.put("ruleId", a.key().ruleId());
        b.put("severity", a.severity());
        b.put("cluster", a.cluster());
        b.put("scope", a.key().clusterLevel() ? "cluster" : "host");
        b.put("host", a.key().hostOrNull());
        b.put("subject", a.key().subject());
        b.put("current", a.current());
        b.put("recommended", a.recommended());
        b.put("message", a.message());
        b.put("docUrl", Messages.docUrl(a.key().ruleId()));
        b.put("firstSeenAt", a.firstSeenAt());
        b.put("raisedAt", a.raisedAt());
        b.put("clearedAt", a.clearedAt());
        b.put("ageSeconds", a.raisedAt() == null ? null
                : Duration.between(a.raisedAt(), a.clearedAt() == null ? now : a.clearedAt()).toSeconds());
        b.put("seenReports", a.seen());
        b.put("absentReports", a.absent());
        b.put("ack", a.ack());
        b.put("silencedBy", silences.stream().filter(s -> s.silences(a, now)).map(Silence::id).findFirst()
                .orElse(null));
        return b;
    }

    private static Map<String, Object> notification(StoredNotification n) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("seq", n.seq());
        b.put("deliveryKey", n.notification().deliveryKey());
        b.put("status", n.notification().status());
        b.put("severity", n.notification().severity());
        b.put("title", n.notification().title());
        b.put("createdAt", n.createdAt());
        b.put("silencedBy", n.silencedBy());
        return b;
    }

    /** Runs {@code body} on a worker; null answers 404. */
    private void answer(RoutingContext ctx, int status, Callable<Object> body) {
        ctx.vertx().executeBlocking(() -> {
            Object o = body.call();
            return o == null ? null : json.write(o);
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                error(ctx, 503, "the store is unavailable: " + CollectorRoutes.rootMessage(ar.cause()));
            } else if (ar.result() == null) {
                error(ctx, 404, "no such alert (or it is not open): " + ctx.request().path());
            } else if (!ctx.response().ended()) {
                ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                        .end(Buffer.buffer(ar.result()));
            }
        });
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private void error(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(json.write(CollectorRoutes.errorBody(status, message))));
    }
}
