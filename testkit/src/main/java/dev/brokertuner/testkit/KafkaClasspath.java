package dev.brokertuner.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The broker's classpath ({@code kafka_2.13} and the log4j2 binding), written at build time by the testkit's
 * {@code maven-dependency-plugin:build-classpath} execution into the resource {@code kafka.classpath}. The jars are
 * never on the caller's classpath; they are only handed to the child JVM.
 */
public final class KafkaClasspath {
    static final String RESOURCE = "kafka.classpath";

    private KafkaClasspath() {
    }

    /** The classpath string for {@code java -cp}, every jar checked to exist. */
    public static String load() {
        String text;
        try (InputStream in = KafkaClasspath.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing: build the testkit module with "
                        + "Maven (generate-resources writes it)");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return check(text);
    }

    /** Validates a path-separated jar list: non-empty and every entry present. */
    static String check(String classpath) {
        List<String> missing = new ArrayList<>();
        String[] entries = classpath.split(java.io.File.pathSeparator);
        for (String e : entries) {
            if (!e.isBlank() && !Files.exists(Path.of(e))) {
                missing.add(e);
            }
        }
        if (classpath.isBlank() || !missing.isEmpty()) {
            throw new IllegalStateException("broker classpath incomplete (run the Maven build without -o once): "
                    + "missing " + missing);
        }
        return classpath;
    }
}
