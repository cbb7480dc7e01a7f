package dev.brokertuner.collector.alerts;

import java.time.Duration;
import java.util.List;

/**
 * The {@code alerts:} section of collector.yaml.
 *
 * @param receivers         where notifications can go
 * @param routes            which alerts go where; no route, no notification (alerts are still kept and shown)
 * @param raiseAfterReports consecutive reports with a finding before its alert is RAISED (critical: 1)
 * @param clearAfterReports consecutive reports without it before the alert is CLEAR
 * @param repeatInterval    re-notify an alert still open after this long, null for never (the default)
 * @param dashboardUrl      the collector's public base URL for links in notifications, null when none
 * @param docsBaseUrl       where the distribution's docs are published (the folder holding {@code docs/}, e.g.
 *                          {@code https://github.com/acme/broker-tuner/blob/v1.4.0}), without a trailing slash;
 *                          notifications link a rule's docs only when it is set (a relative link is no URL to a
 *                          receiver), null when none
 * @param giveUpAfter       a notification still failing when older than this is dead-lettered (default 24 h)
 */
public record AlertsConfig(List<ReceiverConfig> receivers, List<Route> routes, int raiseAfterReports,
                           int clearAfterReports, Duration repeatInterval, String dashboardUrl, String docsBaseUrl,
                           Duration giveUpAfter) {
    public static final int DEFAULT_RAISE_AFTER = 2;
    public static final int DEFAULT_CLEAR_AFTER = 2;

    public AlertsConfig {
        receivers = receivers == null ? List.of() : List.copyOf(receivers);
        routes = routes == null ? List.of() : List.copyOf(routes);
        giveUpAfter = giveUpAfter == null ? DeliveryWorker.GIVE_UP_AFTER : giveUpAfter;
    }

    /** With the default give-up age. */
    public AlertsConfig(List<ReceiverConfig> receivers, List<Route> routes, int raiseAfterReports,
                        int clearAfterReports, Duration repeatInterval, String dashboardUrl, String docsBaseUrl) {
        this(receivers, routes, raiseAfterReports, clearAfterReports, repeatInterval, dashboardUrl, docsBaseUrl,
                (Duration) null);
    }

    /** Without a docs base URL. */
    public AlertsConfig(List<ReceiverConfig> receivers, List<Route> routes, int raiseAfterReports,
                        int clearAfterReports, Duration repeatInterval, String dashboardUrl, Duration giveUpAfter) {
        this(receivers, routes, raiseAfterReports, clearAfterReports, repeatInterval, dashboardUrl, null,
                giveUpAfter);
    }

    /** Without a docs base URL: notifications carry no doc link. */
    public AlertsConfig(List<ReceiverConfig> receivers, List<Route> routes, int raiseAfterReports,
                        int clearAfterReports, Duration repeatInterval, String dashboardUrl) {
        this(receivers, routes, raiseAfterReports, clearAfterReports, repeatInterval, dashboardUrl, null,
                (Duration) null);
    }

    /** No receivers, no routes, default thresholds. */
    public static AlertsConfig none() {
        return new AlertsConfig(List.of(), List.of(), DEFAULT_RAISE_AFTER, DEFAULT_CLEAR_AFTER, null, null, null,
                (Duration) null);
    }

    /** The rule's documentation as an absolute URL under {@link #docsBaseUrl}, null when that is not set. */
    public String docUrl(String ruleId) {
        return Messages.docUrl(docsBaseUrl, ruleId);
    }
}
