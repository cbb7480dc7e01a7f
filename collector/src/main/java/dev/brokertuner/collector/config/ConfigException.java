package dev.brokertuner.collector.config;

import java.util.List;

/** A configuration with problems: every problem found, not only the first. Exit code 78. */
public final class ConfigException extends Exception {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, one line each, naming the key or file line. */
    public List<String> problems() {
        return problems;
    }
}
