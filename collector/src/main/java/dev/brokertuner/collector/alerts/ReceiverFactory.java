package dev.brokertuner.collector.alerts;

import java.util.Map;
import java.util.function.Function;

/**
 * Makes the {@link Receiver} a {@link ReceiverConfig} describes. The collector takes one factory for every
 * receiver type ({@code Receivers}); {@link #webhookOnly()} knows the webhook alone.
 */
@FunctionalInterface
public interface ReceiverFactory {
    /**
     * The receiver, or an {@link IllegalArgumentException} saying what is wrong with the settings (an unknown type,
     * a missing url, an unreadable secret file).
     */
    Receiver create(ReceiverConfig config);

    /** A factory of the webhook receiver only: every other type is refused. */
    static ReceiverFactory webhookOnly() {
        return byType(Map.of(WebhookReceiver.TYPE, WebhookReceiver::of));
    }

    /** A factory choosing by {@link ReceiverConfig#type()} among {@code makers}. */
    static ReceiverFactory byType(Map<String, Function<ReceiverConfig, Receiver>> makers) {
        return config -> {
            Function<ReceiverConfig, Receiver> make = makers.get(config.type());
            if (make == null) {
                throw new IllegalArgumentException("receiver '" + config.name() + "': unknown type '"
                        + config.type() + "' (known: " + String.join(", ", new java.util.TreeSet<>(makers.keySet()))
                        + ")");
            }
            return make.apply(config);
        };
    }
}
