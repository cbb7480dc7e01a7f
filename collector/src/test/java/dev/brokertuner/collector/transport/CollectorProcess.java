package dev.brokertuner.collector.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.CollectorFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A collector as its own JVM ({@code broker-tuner-collector serve --config ...}) on a random port: started, asked
 * over real HTTP, and killed with SIGKILL. Output goes to a log file named in failures.
 */
final class CollectorProcess implements AutoCloseable {
    private static final Pattern STARTED = Pattern.compile("started: http://127\\.0\\.0\\.1:(\\d+)/");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final Path log;
    private final int port;

    private CollectorProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts a collector with this config and waits (up to 90 s) until it listens. */
    static CollectorProcess start(Path config, Path log) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.brokertuner.collector.cli.Main",
                "serve", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Matcher m = STARTED.matcher(Files.readString(log));
                if (m.find()) {
                    return new CollectorProcess(p, log, Integer.parseInt(m.group(1)));
                }
            }
            if (!p.isAlive()) {
                throw new AssertionError("the collector exited; log:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError("the collector did not start within 90 s; log:\n" + Files.readString(log));
    }

    int port() {
        return port;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }

    /** A GET with the viewer token. */
    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + CollectorFixture.TOKEN)
                        .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One series of {@code /metrics} (name with its labels, exactly as exported), or -1 when absent. */
    double metric(String series) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.E+-]+)$").matcher(get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /** SIGKILL; returns the exit status (137). */
    int kill9() throws Exception {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the killed collector exits").isTrue();
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
