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
 * A broker's classpath ({@code kafka_2.13} and its log binding), written at build time by
 * {@code maven-dependency-plugin:build-classpath}: the default line ({@value #DEFAULT_VERSION}) by the testkit itself
 * into the resource {@code kafka.classpath}, the other lines ({@link #VERSIONS}) by the modules
 * {@code testkit/kafka-<version>} into {@code kafka-<version>.classpath}. The jars are never on the caller's
 * classpath; they are only handed to the child JVM.
 */
public final class KafkaClasspath {
    static final String RESOURCE = "kafka.classpath";
    /** The Kafka release the testkit starts unless told otherwise. */
    public static final String DEFAULT_VERSION = "4.3.1";
    /** Every release the testkit can start: the default, the last 3.x line (KRaft) and the newest. */
    public static final List<String> VERSIONS = List.of(DEFAULT_VERSION, "3.9.1", "4.4.0");

    private KafkaClasspath() {
    }

    /** The default release's classpath for {@code java -cp}, every jar checked to exist. */
    public static String load() {
        return load(DEFAULT_VERSION);
    }

    /**
     * The classpath of one release of {@link #VERSIONS}, every jar checked to exist.
     *
     * @throws IllegalArgumentException for a release the testkit does not resolve
     */
    public static String load(String version) {
        String resource = resource(version);
        String text;
        try (InputStream in = KafkaClasspath.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " missing: build the testkit modules with "
                        + "Maven (generate-resources writes it)");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return check(text);
    }

    /** The resource holding a release's classpath. */
    static String resource(String version) {
        if (!VERSIONS.contains(version)) {
            throw new IllegalArgumentException("Kafka " + version + " is not one the testkit resolves; use one of "
                    + VERSIONS);
        }
        return version.equals(DEFAULT_VERSION) ? RESOURCE : "kafka-" + version + ".classpath";
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
