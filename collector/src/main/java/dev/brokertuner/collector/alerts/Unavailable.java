package dev.brokertuner.collector.alerts;

/**
 * A configured receiver that could not be built (its secret file went away since the configuration was read, or
 * its type is not in this build): every delivery is rejected with the reason, so the failure shows in the
 * delivery log instead of stopping the collector.
 */
public record Unavailable(String name, String type, String reason) implements Receiver {
    @Override
    public DeliveryResult deliver(Notification notification) {
        return new DeliveryResult.Rejected("receiver '" + name + "' is unavailable: " + reason);
    }
}
