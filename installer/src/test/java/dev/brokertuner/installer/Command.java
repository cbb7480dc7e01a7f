package dev.brokertuner.installer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One finished external command: its exit code and both output streams. */
record Command(List<String> argv, int exit, String out, String err) {

    /** Runs {@code argv} to completion (a hung tool fails the test after 10 minutes, it never passes it). */
    static Command run(String... argv) {
        return run(Map.of(), argv);
    }

    /** Runs {@code argv} with extra environment variables. */
    static Command run(Map<String, String> env, String... argv) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(env);
        pb.environment().putIfAbsent("DEBIAN_FRONTEND", "noninteractive");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Path out = Files.createTempFile("bt-cmd", ".out");
            Path err = Files.createTempFile("bt-cmd", ".err");
            try {
                pb.redirectOutput(out.toFile()).redirectError(err.toFile());
                Process p = pb.start();
                if (!p.waitFor(10, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new AssertionError("still running after 10 minutes: " + String.join(" ", argv));
                }
                return new Command(List.of(argv), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", argv), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", argv), e);
        }
    }

    /** Runs {@code argv} and fails the test, with everything the command printed, unless it exits 0. */
    static Command ok(String... argv) {
        return run(argv).assertOk();
    }

    /** This command, after failing the test with its output unless it exited 0. */
    Command assertOk() {
        if (exit != 0) {
            throw new AssertionError(describe());
        }
        return this;
    }

    /** The command line, exit code and output, for failure messages. */
    String describe() {
        return String.join(" ", argv) + " exited " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }

    /** stdout split into lines. */
    List<String> lines() {
        return new ArrayList<>(out.lines().toList());
    }
}
