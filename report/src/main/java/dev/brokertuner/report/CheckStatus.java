package dev.brokertuner.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Outcome of a rule that made no recommendation. */
public enum CheckStatus {
    /** The subject meets the rule. */
    OK,
    /** An input the rule needs is unknown; the rule says so instead of guessing. */
    UNKNOWN,
    /** The rule threw; the engine caught it so the other rules still ran. */
    FAILED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CheckStatus parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
