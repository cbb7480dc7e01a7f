package dev.brokertuner.collector.http;

import dev.brokertuner.collector.config.CollectorConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds what a client can hold open, whatever it sends (slowloris): a connection must complete each request's
 * headers within {@code headerTimeoutSeconds} of opening or of its previous response, and each request's body
 * within {@code bodyTimeoutSeconds} of its headers, else it is closed, however slowly its bytes trickle (an idle
 * timeout alone resets on every byte); and one client address may hold at most {@code maxConnectionsPerAddress}
 * connections, further ones are closed at once. The deadlines are checked by one periodic timer over the open
 * connections, so nothing depends on a handler slot that the routes also use. Requests being answered (the store
 * writing their batch) are never cut.
 */
public final class ConnectionGuard {
    /** How often the deadlines are checked. */
    static final long CHECK_EVERY_MS = 250;

    private static final class State {
        final String address;
        final long openedAt;
        volatile HttpServerRequest request;
        volatile long requestAt;
        volatile long idleSince;

        State(String address, long now) {
            this.address = address;
            this.openedAt = now;
            this.idleSince = now;
        }
    }

    private final CollectorConfig.Connections limits;
    private final Map<HttpConnection, State> open = new ConcurrentHashMap<>();
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private long timer = -1;

    public ConnectionGuard(CollectorConfig.Connections limits) {
        this.limits = limits;
    }

    /** Starts the deadline checks on {@code vertx}'s event loop of the caller. */
    public void start(Vertx vertx) {
        timer = vertx.setPeriodic(CHECK_EVERY_MS, id -> check(System.nanoTime()));
    }

    /** Stops the checks. */
    public void stop(Vertx vertx) {
        if (timer != -1) {
            vertx.cancelTimer(timer);
        }
    }

    /** A new connection: counted against its address (closed when over the cap) and given its header deadline. */
    public void onConnection(HttpConnection c) {
        String address = c.remoteAddress() == null ? "unknown" : c.remoteAddress().hostAddress();
        State s = new State(address, System.nanoTime());
        int n = perAddress.merge(address, 1, Integer::sum);
        open.put(c, s);
        c.closeHandler(v -> {
            open.remove(c);
            perAddress.computeIfPresent(address, (k, x) -> x <= 1 ? null : x - 1);
        });
        if (n > limits.perAddress()) {
            refused.incrementAndGet();
            c.close();
        }
    }

    /** A request's headers are complete: its body deadline starts. */
    public void onRequest(HttpServerRequest req) {
        State s = open.get(req.connection());
        if (s != null) {
            s.requestAt = System.nanoTime();
            s.request = req;
        }
    }

    /** Connections closed because their address was over the cap. */
    public long refused() {
        return refused.get();
    }

    /** Connections closed at a header or body deadline. */
    public long timedOut() {
        return timedOut.get();
    }

    /** Connections open now. */
    public int open() {
        return open.size();
    }

    void check(long now) {
        long header = limits.headerTimeoutSeconds() * 1_000_000_000L;
        long body = limits.bodyTimeoutSeconds() * 1_000_000_000L;
        for (Map.Entry<HttpConnection, State> e : open.entrySet()) {
            State s = e.getValue();
            HttpServerRequest req = s.request;
            boolean late;
            if (req == null) {
                late = now - s.openedAt > header;
            } else if (!req.isEnded()) {
                late = now - s.requestAt > body;
            } else if (req.response().ended() || req.response().closed()) {
                if (s.idleSince < s.requestAt) {
                    s.idleSince = now;
                }
                late = now - s.idleSince > header;
            } else {
                late = false;
            }
            if (late) {
                timedOut.incrementAndGet();
                open.remove(e.getKey());
                e.getKey().close();
            }
        }
    }
}
