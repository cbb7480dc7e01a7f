package dev.brokertuner.agent.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a whole file the host (or the broker's user) controls, bounded in bytes and refusing what is not a regular
 * file: a FIFO planted where {@code server.properties} should be would block the read forever, and a huge file would
 * fill the agent's small heap. Files under {@code /proc} and {@code /sys} are regular files that report size 0, so
 * the bound is applied while reading, not from the size.
 */
public final class BoundedRead {
    private BoundedRead() {
    }

    /** The file's bytes; an {@link IOException} when it is not a regular file or is longer than {@code maxBytes}. */
    public static byte[] bytes(Path file, int maxBytes) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IOException(file + " is not a regular file (a FIFO, device or directory is not read)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes);
            if (bytes.length == maxBytes && in.read() != -1) {
                throw new IOException(file + " is longer than " + maxBytes + " bytes: not read");
            }
            return bytes;
        }
    }

    /** The file as UTF-8 text, with the bounds of {@link #bytes}. */
    public static String text(Path file, int maxBytes) throws IOException {
        return new String(bytes(file, maxBytes), StandardCharsets.UTF_8);
    }

    /** The file as UTF-8 text, at most {@link HostFiles#MAX_BYTES}. */
    public static String text(Path file) throws IOException {
        return text(file, HostFiles.MAX_BYTES);
    }
}
