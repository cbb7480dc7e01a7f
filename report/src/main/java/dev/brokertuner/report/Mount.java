package dev.brokertuner.report;

import java.util.List;

/**
 * One entry of the mount table ({@code mountinfo} or {@code mounts}).
 *
 * @param mountPoint where it is mounted (octal escapes such as {@code \040} decoded)
 * @param device     the mount source, e.g. {@code /dev/nvme0n1p1}, {@code server:/export}, {@code overlay}
 * @param fsType     filesystem type, e.g. {@code xfs}, {@code ext4}, {@code nfs4}
 * @param options    per-mount options in kernel order, e.g. {@code [rw, noatime]}
 * @param noatime    true when {@code noatime} is among the options
 */
public record Mount(String mountPoint, String device, String fsType, List<String> options, boolean noatime) {
    public Mount {
        options = options == null ? List.of() : List.copyOf(options);
    }
}
