package dev.brokertuner.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgent a finding is. Ordered: {@code INFO < WARNING < CRITICAL}. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    /** The lower-case name used in JSON, config and query strings. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code info}, {@code warning} or {@code critical} (any case). */
    @JsonCreator
    public static Severity parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("severity is missing");
        }
        for (Severity v : values()) {
            if (v.name().equalsIgnoreCase(s.trim())) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + s + "' (expected info, warning or critical)");
    }

    /** True when this severity is at least as severe as {@code other}. */
    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
