package dev.brokertuner.agent.host;

import dev.brokertuner.agent.gather.HostPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import dev.brokertuner.report.Problem;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads small files and lists directories under a {@link HostPaths}. Never throws: every read returns a {@link Read}.
 * Files under {@code /proc} and {@code /sys} report a size of 0, so they are read fully rather than by size.
 */
public final class HostFiles {
    /** The most bytes read from one file; a longer file is cut there and the cut is recorded. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    private final HostPaths paths;
    private final int maxBytes;
    private final Set<String> truncated = new LinkedHashSet<>();

    public HostFiles(HostPaths paths) {
        this(paths, MAX_BYTES);
    }

    HostFiles(HostPaths paths, int maxBytes) {
        this.paths = paths;
        this.maxBytes = maxBytes;
    }

    /**
     * The files read since the last call that were longer than {@link #MAX_BYTES} and so were cut, as problems
     * (one per file); clears the record. A gathering calls it once at its end.
     */
    public List<Problem> takeTruncations() {
        List<Problem> out = new ArrayList<>();
        synchronized (truncated) {
            for (String file : truncated) {
                out.add(new Problem("host:files", file + " is longer than " + (maxBytes >= 1 << 20
                        ? maxBytes / (1 << 20) + " MiB" : maxBytes + " bytes") + ": only that much was read, so "
                        + "the facts read from it may be incomplete"));
            }
            truncated.clear();
        }
        return out;
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
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // a FIFO would block the open until a writer comes; a device or directory is no fact file either
            return new Read.Failed(file.toString(), Files.isDirectory(file) ? "is a directory"
                    : "not a regular file (a FIFO or device is not read)");
        }
        try (var in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes);
            boolean cut = bytes.length == maxBytes && in.read() != -1;
            if (cut) {
                synchronized (truncated) {
                    truncated.add(file.toString());
                }
            }
            return new Read.Text(new String(bytes, StandardCharsets.UTF_8), cut);
        } catch (NoSuchFileException e) {
            return new Read.Missing(file.toString());
        } catch (IOException | SecurityException e) {
            if (!Files.exists(file)) {
                return new Read.Missing(file.toString());
            }
            return new Read.Failed(file.toString(), reason(e));
        }
    }

    /** Why a read failed, in words: "permission denied", "is a directory", the kernel's own reason. */
    static String reason(Exception e) {
        if (e instanceof AccessDeniedException || e instanceof SecurityException) {
            return "permission denied (the agent runs as " + System.getProperty("user.name") + ")";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.toLowerCase(java.util.Locale.ROOT);
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
