package dev.brokertuner.collector.alerts;

import java.util.List;
import java.util.Objects;

/**
 * A notification on its way into the store, with the receivers its routes name (one delivery row each).
 *
 * @param notification what is sent
 * @param receivers    the routed receivers, each once; empty when no route matches or when silenced
 * @param silencedBy   the silence that holds it back, null when none
 */
public record Outgoing(Notification notification, List<String> receivers, String silencedBy) {
    public Outgoing {
        Objects.requireNonNull(notification, "notification");
        receivers = List.copyOf(receivers);
    }
}
