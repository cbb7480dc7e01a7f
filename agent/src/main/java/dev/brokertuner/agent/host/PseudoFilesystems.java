package dev.brokertuner.agent.host;

import java.util.Set;

/**
 * Kernel pseudo filesystems: they hold no data, so their atime and type are never assessed and they stay out of
 * the report's mount list.
 */
public final class PseudoFilesystems {
    private static final Set<String> PSEUDO = Set.of("proc", "sysfs", "devtmpfs", "devpts", "tmpfs", "securityfs",
            "cgroup", "cgroup2", "pstore", "efivarfs", "bpf", "autofs", "mqueue", "hugetlbfs", "debugfs", "tracefs",
            "fusectl", "configfs", "selinuxfs", "rpc_pipefs", "binfmt_misc", "ramfs", "nsfs", "rootfs", "fuse.portal");

    private PseudoFilesystems() {
    }

    /** True for a kernel pseudo filesystem type. */
    public static boolean isPseudo(String fsType) {
        return fsType == null || PSEUDO.contains(fsType);
    }
}
