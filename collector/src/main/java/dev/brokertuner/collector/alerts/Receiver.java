package dev.brokertuner.collector.alerts;

/**
 * Where notifications go: a webhook, Slack, Teams, PagerDuty, email or Alertmanager. Implementations render a
 * {@link Notification} in their own format and send it; they block, are called off the event loop, one delivery at
 * a time per receiver, and never throw for a receiver's failure (they return {@link DeliveryResult.Retry} or
 * {@link DeliveryResult.Rejected}).
 */
public interface Receiver {
    /** The name routes use, from the configuration. */
    String name();

    /** {@code webhook}, {@code slack}, {@code teams}, {@code pagerduty}, {@code email} or {@code alertmanager}. */
    String type();

    /** Sends one notification once. */
    DeliveryResult deliver(Notification notification) throws InterruptedException;
}
