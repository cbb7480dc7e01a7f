package dev.brokertuner.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether the agent could read the local broker. */
public enum BrokerStatus {
    /** JMX and/or AdminClient answered. */
    OK,
    /** A broker was found or configured but did not answer; see {@code reason}. */
    UNREACHABLE,
    /** No broker process was found and none was configured; only host findings apply. */
    NOT_FOUND,
    /**
     * The daemon's earliest report, served before the broker's network reads (JMX, AdminClient) answered: the broker
     * is not judged yet, every rule is unknown (not read yet). Never queued for the collector.
     */
    NOT_READ_YET;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static BrokerStatus parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
