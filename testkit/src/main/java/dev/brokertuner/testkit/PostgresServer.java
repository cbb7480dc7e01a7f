package dev.brokertuner.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: Debian's {@code postgresql} binaries ({@code /usr/lib/postgresql/N/bin}, the
 * newest N) run {@code initdb} into a temp dir and {@code pg_ctl} start it on a free loopback port, with its Unix
 * socket in the same temp dir. PostgreSQL refuses to run as root, and CI runs as root: then every command runs as
 * {@code nobody} through {@code runuser}, over a temp dir chowned to it; otherwise as the current user. TCP
 * connections need the password ({@code scram-sha-256}); the superuser is {@link #USER}. {@link #stop()} and
 * {@link #start()} stop and start the same cluster on the same port (an outage); {@link #close()} stops it and
 * deletes the dir. One per test class: {@code initdb} takes about a second.
 */
public final class PostgresServer implements AutoCloseable {
    /** The superuser that TCP connections log in as. */
    public static final String USER = "postgres";
    private static final String RUN_AS = "nobody";

    private final Path bin;
    private final Path dir;
    private final int port;
    private final String password;
    private final boolean root;
    private boolean running;

    private PostgresServer(Path bin, Path dir, int port, String password, boolean root) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.password = password;
        this.root = root;
    }

    /** Creates a cluster in a new temp dir and starts it. */
    public static PostgresServer start(String password) {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir;
        try {
            dir = Files.createTempDirectory("broker-tuner-pg");
            Path pw = dir.resolve("pwfile");
            Files.writeString(pw, password + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the PostgreSQL temp dir", e);
        }
        PostgresServer s = new PostgresServer(bin, dir, FreePorts.pick(1).get(0), password, root);
        try {
            if (root) {
                s.run(List.of("chown", "-R", RUN_AS + ":", dir.toString()), false);
            }
            s.run(List.of(bin.resolve("initdb").toString(), "-D", s.data().toString(), "-U", USER,
                    "--pwfile=" + dir.resolve("pwfile"), "--auth-local=trust", "--auth-host=scram-sha-256",
                    "--no-sync", "-E", "UTF8", "--no-locale"), true);
            s.start();
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Starts the cluster (again) on its port; returns when it accepts connections. */
    public synchronized void start() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-l", dir.resolve("server.log")
                .toString(), "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
                + " -c max_connections=100 -c shared_buffers=16MB", "start"), true);
        running = true;
    }

    /** Stops the cluster ({@code -m fast}: open sessions are cut off, as in an outage). */
    public synchronized void stop() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-w", "-t", "60", "-m", "fast",
                "stop"), true);
        running = false;
    }

    /** Creates a database. */
    public void createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name '" + name + "'");
        }
        run(List.of(bin.resolve("psql").toString(), "-h", dir.toString(), "-p", String.valueOf(port), "-U", USER,
                "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE " + name), true);
    }

    /** A JDBC URL of {@code database} on this server. */
    /**
     * Creates the database and returns the collector's {@code store:} section for it, its password in a 0600 file
     * in {@code dir}.
     */
    public String storeYaml(Path dir, String database) {
        createDatabase(database);
        Path pw = dir.resolve("pg-password-" + database);
        try {
            Files.writeString(pw, password() + "\n");
            Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return """
                store:
                  type: postgres
                  url: "%s"
                  user: %s
                  passwordFile: %s
                  maxPoolSize: 4
                """.formatted(jdbcUrl(database), USER, pw);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    /** The server's log (useful in an assertion message). */
    public String log() {
        try {
            return Files.readString(dir.resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private Path data() {
        return dir.resolve("data");
    }

    private void run(List<String> command, boolean asServerUser) {
        List<String> cmd = new ArrayList<>();
        if (root && asServerUser) {
            cmd.addAll(List.of("runuser", "-u", RUN_AS, "--"));
        }
        cmd.addAll(command);
        Path out = dir.resolve("command.out");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue() + ": "
                        + Files.readString(out, StandardCharsets.UTF_8) + "\n" + log());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + cmd.get(0), e);
        }
    }

    /** The newest {@code /usr/lib/postgresql/N/bin} that has {@code initdb}. */
    private static Path binaries() {
        Path base = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("no initdb under " + base
                            + "; install Debian's postgresql (bin/test does when run as root)"));
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL under " + base + " (" + e.getMessage()
                    + "); install Debian's postgresql (bin/test does when run as root)", e);
        }
    }

    private static int versionOf(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Stops the server when running and deletes its dir. */
    @Override
    public synchronized void close() {
        try {
            if (running) {
                stop();
            }
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp dir left behind
            }
        }
    }
}
