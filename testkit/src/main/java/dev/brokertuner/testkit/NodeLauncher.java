package dev.brokertuner.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The steps that bring up one Kafka node in a child JVM, shared by {@link KraftBroker} and {@link KraftCluster}:
 * log configuration for both log backends (log4j2 for 4.x, log4j 1 / reload4j for 3.x), storage formatting with
 * {@code kafka.tools.StorageTool}, the launch of {@code kafka.Kafka server.properties} with optional remote JMX on
 * loopback, the wait for the line {@code KafkaRaftServer} logs once the node is up ({@link #start} does all three
 * with a shutdown hook), the builders' heap check, their fresh temp directory and their retry when a picked port was
 * taken.
 */
final class NodeLauncher {
    /** The line {@code KafkaRaftServer} logs once its broker and/or controller are up. */
    static final String STARTED_LINE = "Kafka Server started";

    static final String LOG4J2 = String.join("\n",
            "status = warn",
            "appender.out.type = Console",
            "appender.out.name = out",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.out.ref = out",
            "logger.state.name = state.change.logger",
            "logger.state.level = warn",
            "");

    /** The same for Kafka 3.x, which logs through slf4j 1.7 to log4j 1 (reload4j). */
    static final String LOG4J1 = String.join("\n",
            "log4j.rootLogger=INFO, out",
            "log4j.appender.out=org.apache.log4j.ConsoleAppender",
            "log4j.appender.out.layout=org.apache.log4j.PatternLayout",
            "log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n",
            "log4j.logger.state.change.logger=WARN",
            "");

    private NodeLauncher() {
    }

    /** A started node: its child JVM and the shutdown hook that kills it and deletes its directory. */
    record Started(Process process, Thread hook) {
    }

    /**
     * Runs {@code startOnce} up to three times while it fails with a port taken between picking it and the child
     * binding it ({@link #portTaken}): free ports are picked, released, then bound by the child, so another process
     * may take one in between.
     */
    static <T> T retryIfPortTaken(Supplier<T> startOnce) {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return startOnce.get();
            } catch (IllegalStateException e) {
                if (!portTaken(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    /** A fresh temp directory named {@code prefix...}. */
    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The builders' heap flag, checked: it must be an {@code -Xmx} flag. */
    static String heapFlag(String xmx) {
        if (!xmx.startsWith("-Xmx")) {
            throw new IllegalArgumentException("heap must be an -Xmx flag: " + xmx);
        }
        return xmx;
    }

    /**
     * Formats the node's storage ({@link #format}), launches it ({@link #launch}) with a shutdown hook named
     * {@code hookName} that kills it and deletes {@code dir}, and waits until it started ({@link #awaitStarted}).
     * When it does not start, the child is killed, {@code dir} deleted and the hook removed before the failure is
     * thrown.
     */
    static Started start(String classpath, Path dir, Path props, Path log, String clusterId, boolean standalone,
                         String heap, List<String> jvmArgs, int jmxPort, String hookName, Duration timeout)
            throws IOException, InterruptedException {
        format(classpath, dir, props, clusterId, standalone);
        Process process = launch(classpath, dir, props, log, heap, jvmArgs, jmxPort);
        Thread hook = new Thread(() -> {
            kill(process);
            deleteTree(dir);
        }, hookName);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            awaitStarted(process, log, timeout);
        } catch (IllegalStateException | IOException | InterruptedException e) {
            kill(process);
            deleteTree(dir);
            removeHook(hook);
            throw e;
        }
        return new Started(process, hook);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Writes both log configurations into {@code dir} and returns the JVM flags that point at them. */
    static List<String> logFlags(Path dir) throws IOException {
        Path log4j2 = dir.resolve("log4j2.properties");
        Path log4j1 = dir.resolve("log4j.properties");
        Files.writeString(log4j2, LOG4J2);
        Files.writeString(log4j1, LOG4J1);
        return List.of("-Dlog4j2.configurationFile=" + log4j2, "-Dlog4j.configuration=" + log4j1.toUri());
    }

    /** Log configurations at WARN for command-line tools (their INFO lines would bury what they print). */
    static List<String> toolLogFlags(Path dir) throws IOException {
        Path log4j2 = dir.resolve("tools-log4j2.properties");
        Path log4j1 = dir.resolve("tools-log4j.properties");
        Files.writeString(log4j2, LOG4J2.replace("rootLogger.level = info", "rootLogger.level = warn"));
        Files.writeString(log4j1, LOG4J1.replace("log4j.rootLogger=INFO", "log4j.rootLogger=WARN"));
        return List.of("-Dlog4j2.configurationFile=" + log4j2, "-Dlog4j.configuration=" + log4j1.toUri());
    }

    /**
     * Formats a node's storage.
     *
     * @param standalone true for a single combined node that bootstraps a dynamic quorum of itself
     *                   ({@code --standalone}); false with a static {@code controller.quorum.voters}
     */
    static void format(String classpath, Path dir, Path props, String clusterId, boolean standalone)
            throws IOException, InterruptedException {
        Path formatLog = dir.resolve("format.log");
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(logFlags(dir));
        cmd.addAll(List.of("-cp", classpath, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
                props.toString()));
        if (standalone) {
            cmd.add("--standalone");
        }
        Process format = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(formatLog.toFile()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            kill(format);
            throw new IllegalStateException("kafka.tools.StorageTool format failed:\n" + tail(formatLog, 30));
        }
    }

    /**
     * Starts {@code kafka.Kafka props} in {@code dir}, stdout and stderr into {@code log}.
     *
     * @param jmxPort remote JMX port on 127.0.0.1, or -1 for none
     */
    static Process launch(String classpath, Path dir, Path props, Path log, String heap, List<String> jvmArgs,
                          int jmxPort) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java(), heap, "-XX:+UseSerialGC"));
        cmd.addAll(jvmArgs);
        cmd.addAll(logFlags(dir));
        if (jmxPort > 0) {
            cmd.addAll(List.of(
                    "-Dcom.sun.management.jmxremote",
                    "-Dcom.sun.management.jmxremote.port=" + jmxPort,
                    "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                    "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                    "-Dcom.sun.management.jmxremote.local.only=true",
                    "-Dcom.sun.management.jmxremote.authenticate=false",
                    "-Dcom.sun.management.jmxremote.ssl=false",
                    "-Djava.rmi.server.hostname=127.0.0.1"));
        }
        cmd.addAll(List.of("-Djava.awt.headless=true", "-cp", classpath, "kafka.Kafka", props.toString()));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /** Waits for {@link #STARTED_LINE} in the log; fails with the log's tail when the node exits or times out. */
    static void awaitStarted(Process process, Path log, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(STARTED_LINE)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("node exited with " + process.exitValue() + " before starting:\n"
                        + tail(log, 40));
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("node not started within " + timeout + ":\n" + tail(log, 40));
    }

    /** True when a failed start was a port taken between picking it and the child binding it. */
    static boolean portTaken(IllegalStateException e) {
        return e.getMessage() != null && e.getMessage().contains("Address already in use");
    }

    static void kill(Process p) {
        if (p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Removes a node's shutdown hook; during shutdown it runs anyway. */
    static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
    }

    /** Deletes {@code root} and everything below it, best effort (a temp dir). */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temp dir
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a temp dir
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
