package dev.brokertuner.agent.gather;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a procfs root is this machine's own: its {@code self} link names this process. The one place this is
 * decided (statvfs in {@code DiskSpace}, path existence, name resolution of listeners and peers, attach by pid). Only then may the agent act on what the tree names as local things:
 * attach to a pid (JDK attach API), statvfs a path, read a file by its absolute path. A fixture tree, or a node's
 * procfs seen from a container in another pid namespace, names processes and paths that are not this machine's,
 * even when a pid of the same number happens to exist here.
 */
public final class LocalProcfs {
    private LocalProcfs() {
    }

    /** True when {@code <procfs>/self} is a link to this process's pid. */
    public static boolean isThisMachine(Path procfs) {
        try {
            String self = Files.readSymbolicLink(procfs.resolve("self")).toString();
            return self.equals(String.valueOf(ProcessHandle.current().pid()));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
