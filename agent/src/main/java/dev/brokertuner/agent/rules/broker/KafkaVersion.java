package dev.brokertuner.agent.rules.broker;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Apache Kafka release as the broker's {@code app-info} bean prints it ({@code 4.3.1}, {@code 3.9.0-SNAPSHOT});
 * only major and minor matter to the rules. Confluent Platform builds print their own version with a {@code -ccs} or
 * {@code -ce} suffix ({@code 7.6.0-ccs} is Kafka 3.6): those are mapped to the Kafka release they ship
 * (6.0-6.2 are 2.6-2.8, 7.x is 3.x, 8.x is 4.x); other Confluent versions are unknown.
 *
 * @param major e.g. 4
 * @param minor e.g. 3
 */
record KafkaVersion(int major, int minor) implements Comparable<KafkaVersion> {
    private static final Pattern VERSION = Pattern.compile("^\\s*(\\d+)\\.(\\d+)(?:\\.\\d+)?(.*)$");

    /** The Kafka release in {@code text}, or empty when it cannot be told. */
    static Optional<KafkaVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        int major;
        int minor;
        try {
            major = Integer.parseInt(m.group(1));
            minor = Integer.parseInt(m.group(2));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String suffix = m.group(3).trim();
        if (suffix.startsWith("-ccs") || suffix.startsWith("-ce")) {
            return confluent(major, minor);
        }
        return Optional.of(new KafkaVersion(major, minor));
    }

    private static Optional<KafkaVersion> confluent(int major, int minor) {
        if (major == 6 && minor <= 2) {
            return Optional.of(new KafkaVersion(2, 6 + minor));
        }
        if (major == 7 || major == 8) {
            return Optional.of(new KafkaVersion(major - 4, minor));
        }
        return Optional.empty();
    }

    boolean atLeast(int major, int minor) {
        return compareTo(new KafkaVersion(major, minor)) >= 0;
    }

    @Override
    public int compareTo(KafkaVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
