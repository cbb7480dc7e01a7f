package dev.brokertuner.agent.broker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One read of the bean table: attribute values per bean id and when each bean was read ({@code System.nanoTime}),
 * plus the data-plane network processors' {@code io-wait-time-ns-total} and {@code io-wait-ratio}.
 *
 * @param values     bean id to attribute name to value; a bean that is not registered is absent
 * @param readNanos  bean id to the nano time right after it was read
 * @param processors processor key ({@code listener/N}) to its attributes
 * @param processorsNanos nano time after the processors were read
 * @param collectors the JVM's garbage collectors by name to their {@code CollectionTime} (ms since JVM start)
 * @param collectorsNanos nano time after the collectors were read
 */
public record JmxSample(Map<String, Map<String, Object>> values, Map<String, Long> readNanos,
                        Map<String, Map<String, Object>> processors, long processorsNanos,
                        Map<String, Double> collectors, long collectorsNanos) {
    public JmxSample {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        readNanos = Collections.unmodifiableMap(new LinkedHashMap<>(readNanos));
        processors = processors == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(processors));
        collectors = collectors == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(collectors));
    }

    /** A sample without garbage-collector reads. */
    public JmxSample(Map<String, Map<String, Object>> values, Map<String, Long> readNanos,
                     Map<String, Map<String, Object>> processors, long processorsNanos) {
        this(values, readNanos, processors, processorsNanos, Map.of(), processorsNanos);
    }

    /** A numeric attribute. */
    public Optional<Double> number(String bean, String attribute) {
        Map<String, Object> attrs = values.get(bean);
        Object v = attrs == null ? null : attrs.get(attribute);
        if (v instanceof Number n && !Double.isNaN(n.doubleValue()) && !Double.isInfinite(n.doubleValue())) {
            return Optional.of(n.doubleValue());
        }
        return Optional.empty();
    }

    /** A string attribute. */
    public Optional<String> text(String bean, String attribute) {
        Map<String, Object> attrs = values.get(bean);
        Object v = attrs == null ? null : attrs.get(attribute);
        return v == null ? Optional.empty() : Optional.of(v.toString());
    }

    /** True when the bean was read. */
    public boolean has(String bean) {
        return values.containsKey(bean);
    }
}
