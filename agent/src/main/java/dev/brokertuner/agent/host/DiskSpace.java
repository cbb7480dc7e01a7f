package dev.brokertuner.agent.host;

import dev.brokertuner.agent.gather.LocalProcfs;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Capacity of the filesystem a data dir lives on. On the live host this asks the filesystem (statvfs through
 * {@link FileStore}); on a fixture tree or a host mounted elsewhere there is nothing to ask, and capacity stays
 * unknown.
 * The figures are those the broker's (unprivileged) user sees: total is {@code f_blocks * f_frsize} and usable is
 * {@code f_bavail * f_frsize}, so blocks reserved for root (ext4's 5% by default) count as used, since a broker not
 * running as root cannot write into them.
 */
@FunctionalInterface
public interface DiskSpace {
    /**
     * Total and usable bytes of the filesystem holding this path.
     *
     * @param totalBytes  {@code f_blocks * f_frsize}
     * @param usableBytes {@code f_bavail * f_frsize}: free for an unprivileged writer, reserved blocks excluded
     */
    record Usage(long totalBytes, long usableBytes) {
    }

    Optional<Usage> of(String path);

    /** Capacity unknown everywhere. */
    static DiskSpace none() {
        return path -> Optional.empty();
    }

    /**
     * The live probe when this procfs root is this machine's own (its {@code self} link names this process), else
     * none: on a fixture tree, data dir paths name nothing on this machine.
     */
    static DiskSpace forProcfs(Path procfs) {
        return LocalProcfs.isThisMachine(procfs) ? live() : none();
    }

    /** The live filesystem's statvfs for existing paths. */
    static DiskSpace live() {
        return path -> {
            try {
                Path p = Path.of(path);
                if (!Files.exists(p)) {
                    return Optional.empty();
                }
                FileStore store = Files.getFileStore(p);
                // On Linux the JDK's getTotalSpace is f_blocks * f_frsize and getUsableSpace f_bavail * f_frsize.
                return Optional.of(new Usage(store.getTotalSpace(), store.getUsableSpace()));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        };
    }
}
