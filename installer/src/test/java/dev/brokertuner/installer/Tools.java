package dev.brokertuner.installer;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host tools the packaging tests drive. A missing tool fails the test with the Debian package that provides it,
 * never skips it: CI installs them (see docs/install.md, "Building the packages").
 */
final class Tools {
    private Tools() {
    }

    /** Fails unless every named tool is on the PATH (or in /usr/sbin, /sbin); each is given with its Debian package. */
    static void require(String... toolThenPackage) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < toolThenPackage.length; i += 2) {
            if (find(toolThenPackage[i]) == null) {
                missing.add(toolThenPackage[i] + " (Debian package " + toolThenPackage[i + 1] + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("this test needs " + String.join(", ", missing)
                    + "; install with apt-get install " + String.join(" ", packages(toolThenPackage, missing)));
        }
    }

    /** Fails unless the test runs as root (installing packages and creating users needs it; CI runs as root). */
    static void requireRoot() {
        String uid = Command.ok("id", "-u").out().strip();
        if (!"0".equals(uid)) {
            throw new AssertionError("this test installs packages and creates the broker-tuner user: it must run as "
                    + "root (uid 0), as CI does; it ran as uid " + uid);
        }
    }

    private static List<String> packages(String[] toolThenPackage, List<String> missing) {
        List<String> pkgs = new ArrayList<>();
        for (int i = 0; i < toolThenPackage.length; i += 2) {
            String tool = toolThenPackage[i];
            if (missing.stream().anyMatch(m -> m.startsWith(tool + " ")) && !pkgs.contains(toolThenPackage[i + 1])) {
                pkgs.add(toolThenPackage[i + 1]);
            }
        }
        return pkgs;
    }

    private static Path find(String tool) {
        List<String> dirs = new ArrayList<>(
                List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
