package dev.brokertuner.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One recommendation: what a rule found on one subject (a data dir, a NIC, the broker), with the evidence it used
 * and the lines an operator pastes to apply it.
 *
 * @param ruleId      stable dotted id of the rule, e.g. {@code host.fs.noatime}
 * @param severity    how urgent
 * @param subject     what it is about, e.g. {@code /var/lib/kafka (mount /data)} or {@code nic eth0}
 * @param current     the value now, as text ({@code unknown} when it could not be read)
 * @param recommended the value the rule recommends, as text
 * @param rationale   why, citing the source (Kafka docs, kernel docs)
 * @param evidence    the facts used, by name, in the order the rule used them
 * @param apply       lines to paste (a server.properties line, a kafka-configs command, a sysctl.d or fstab line)
 */
public record Finding(String ruleId, Severity severity, String subject, String current, String recommended,
                      String rationale, Map<String, String> evidence, List<String> apply) {
    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        current = current == null ? "unknown" : current;
        recommended = Objects.requireNonNull(recommended, "recommended");
        rationale = Objects.requireNonNull(rationale, "rationale");
        evidence = evidence == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
        apply = apply == null ? List.of() : List.copyOf(apply);
    }
}
