package dev.brokertuner.collector.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

/**
 * A secret kept in a file (a webhook URL, a routing key, an SMTP password, an auth header): a regular file, not
 * readable by others (group may read, for a service group), one non-empty line. Problems name the setting and the
 * file, never the content.
 */
public final class SecretFile {
    /** Longest secret file read. */
    static final long MAX_BYTES = 16 * 1024;

    private SecretFile() {
    }

    /**
     * Reads the secret, or adds a problem and returns null.
     *
     * @param file    the file
     * @param at      how problems name the setting, e.g. {@code alerts.receivers[chat].urlFile}
     * @param problems where problems go
     */
    public static String read(Path file, String at, List<String> problems) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
            problems.add(at + ": " + file + " does not exist");
            return null;
        }
        if (!Files.isRegularFile(file)) {
            problems.add(at + ": " + file + " is not a regular file");
            return null;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.OTHERS_READ)) {
                problems.add(at + ": " + file + " is readable by every user; it holds a secret (chmod o-r "
                        + "and keep it owned by the collector's user)");
                return null;
            }
        } catch (UnsupportedOperationException notPosix) {
            // a filesystem without POSIX permissions: nothing to check
        } catch (IOException e) {
            problems.add(at + ": cannot read the permissions of " + file + ": " + e.getMessage());
            return null;
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                problems.add(at + ": " + file + " is larger than " + MAX_BYTES + " bytes; it should hold one line");
                return null;
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                problems.add(at + ": " + file + " is empty");
                return null;
            }
            if (text.contains("\n") || text.contains("\r")) {
                problems.add(at + ": " + file + " holds more than one line; put only the secret in it");
                return null;
            }
            return text;
        } catch (IOException e) {
            problems.add(at + ": cannot read " + file + ": " + e.getClass().getSimpleName().replace("Exception", "")
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
            return null;
        }
    }
}
