package dev.brokertuner.agent.host;

import dev.brokertuner.agent.gather.HostPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads small files and lists directories under a {@link HostPaths}. Never throws: every read returns a {@link Read}.
 * Files under {@code /proc} and {@code /sys} report a size of 0, so they are read fully rather than by size.
 */
public final class HostFiles {
    private static final int MAX_BYTES = 4 * 1024 * 1024;
    private final HostPaths paths;

    public HostFiles(HostPaths paths) {
        this.paths = paths;
    }

    public HostPaths paths() {
        return paths;
    }

    /** A file under the procfs root, e.g. {@code proc("mdstat")}. */
    public Read proc(String relative) {
        return read(paths.proc(relative));
    }

    /** A file under the sysfs root, e.g. {@code sys("class/net/eth0/speed")}. */
    public Read sys(String relative) {
        return read(paths.sys(relative));
    }

    /** The trimmed first line of a sysfs attribute, or null when missing, unreadable or empty. */
    public String sysValue(String relative) {
        String text = sys(relative).textOrNull();
        if (text == null) {
            return null;
        }
        String trimmed = text.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }

    /** Reads a file. */
    public Read read(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES);
            return new Read.Text(new String(bytes, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return new Read.Missing(file.toString());
        } catch (IOException | SecurityException e) {
            if (!Files.exists(file)) {
                return new Read.Missing(file.toString());
            }
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Read.Failed(file.toString(), reason);
        }
    }

    /** Names of the entries of a directory under sysfs, sorted; empty when it does not exist or cannot be listed. */
    public List<String> sysList(String relative) {
        return list(paths.sys(relative));
    }

    /** Names of the entries of a directory, sorted; empty when it does not exist or cannot be listed. */
    public List<String> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = new ArrayList<>(s.map(p -> p.getFileName().toString()).toList());
            names.sort(null);
            return names;
        } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    /** True when this path under sysfs is a directory (following symlinks, as sysfs needs). */
    public boolean sysIsDirectory(String relative) {
        return Files.isDirectory(paths.sys(relative));
    }
}
