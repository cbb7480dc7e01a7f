package dev.brokertuner.agent.host;

import dev.brokertuner.agent.gather.LocalProcfs;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Whether a data dir exists, asked of the filesystem only when the procfs root is this machine's own (the same test
 * as {@link DiskSpace#forProcfs}): on a fixture tree, or a host's {@code /proc} mounted elsewhere, a data dir path
 * names nothing on this machine, so nothing local is statted and the answer is {@link State#UNKNOWN}. The mapper then
 * knows only what the mount table proves (see {@link DataDirMapper}).
 */
@FunctionalInterface
public interface PathExistence {
    /** What the filesystem said. */
    enum State {
        /** The path is a directory. */
        DIRECTORY,
        /** Nothing at that path. */
        MISSING,
        /** Something that is not a directory (a file, a socket). */
        NOT_A_DIRECTORY,
        /** Not asked (not this machine's root) or could not be asked (permission). */
        UNKNOWN
    }

    State of(String path);

    /** Never asks. */
    static PathExistence unknown() {
        return path -> State.UNKNOWN;
    }

    /** The live filesystem. Symlinks are followed, as the broker follows them. */
    static PathExistence live() {
        return path -> {
            try {
                Path p = Path.of(path);
                if (Files.isDirectory(p)) {
                    return State.DIRECTORY;
                }
                if (Files.exists(p)) {
                    return State.NOT_A_DIRECTORY;
                }
                return Files.notExists(p, LinkOption.NOFOLLOW_LINKS) || Files.notExists(p) ? State.MISSING
                        : State.UNKNOWN;
            } catch (RuntimeException e) {
                return State.UNKNOWN;
            }
        };
    }

    /** Live when this procfs root is this machine's own, else unknown. */
    static PathExistence forProcfs(Path procfs) {
        return LocalProcfs.isThisMachine(procfs) ? live() : unknown();
    }
}
