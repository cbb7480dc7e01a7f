package dev.brokertuner.agent.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A small tmpfs mounted on a directory for one test (a disk that really fills up, or a read-only one). */
final class Tmpfs implements AutoCloseable {
    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code options} (e.g. {@code size=64k}, {@code ro}) on {@code dir}; needs root, as CI has. */
    static Tmpfs mount(Path dir, String options) throws IOException, InterruptedException {
        String uid = run(List.of("id", "-u")).strip();
        if (!"0".equals(uid)) {
            throw new AssertionError("this test mounts a tmpfs to fill a real filesystem: it must run as root "
                    + "(uid 0), as CI does; it ran as uid " + uid);
        }
        Files.createDirectories(dir);
        run(List.of("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString()));
        return new Tmpfs(dir);
    }

    Path dir() {
        return dir;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(command + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("umount", dir.toString()));
    }
}
