package dev.brokertuner.report;

/**
 * One broker config as {@code describeConfigs} returns it.
 *
 * @param value    the effective value (null when sensitive or unset)
 * @param source   e.g. {@code DEFAULT_CONFIG}, {@code STATIC_BROKER_CONFIG}, {@code DYNAMIC_BROKER_CONFIG},
 *                 {@code DYNAMIC_DEFAULT_BROKER_CONFIG}
 * @param readOnly true when it cannot be changed without a broker restart
 */
public record ConfigValue(String value, String source, boolean readOnly) {
}
