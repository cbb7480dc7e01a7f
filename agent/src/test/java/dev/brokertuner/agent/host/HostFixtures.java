package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.fail;

import dev.brokertuner.agent.gather.HostPaths;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host trees captured from real machines in {@code ../shared/fixtures/hosts} (read where they are, never copied),
 * and the small trees this repo writes itself in {@code src/test/resources/golden-hosts}.
 */
final class HostFixtures {
    private HostFixtures() {
    }

    /** A scenario of the shared captured fixtures; fails plainly when the shared folder is absent. */
    static Path shared(String scenario) {
        String dir = System.getProperty("bt.shared.dir");
        if (dir == null) {
            fail("system property bt.shared.dir is not set: run the tests through Maven (surefire sets it)");
        }
        Path root = Path.of(dir, "fixtures", "hosts", scenario);
        if (!Files.isDirectory(root)) {
            fail("shared host fixtures not found at " + root + ": this test reads the captured trees from "
                    + "../shared/fixtures/hosts beside the checkout (CI has them there)");
        }
        return root;
    }

    /** One of this repo's own trees, read from the source directory so sysfs-style symlinks stay intact. */
    static Path own(String scenario) {
        String repo = System.getProperty("bt.repo.dir");
        Path root = repo == null ? Path.of("src/test/resources/golden-hosts", scenario)
                : Path.of(repo, "agent", "src", "test", "resources", "golden-hosts", scenario);
        if (!Files.isDirectory(root)) {
            fail("own host fixture not found at " + root.toAbsolutePath());
        }
        return root;
    }

    static HostPaths paths(Path root) {
        return new HostPaths(root.resolve("proc"), root.resolve("sys"));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
