package dev.brokertuner.report;

import java.util.List;

/**
 * A Kafka data directory (an entry of {@code log.dirs}, or an assessed mount when none were given), mapped to its
 * mount and block devices.
 *
 * @param path           the directory
 * @param mountPoint     the mount it lives on (longest prefix), null when no mount matched
 * @param fsType         that mount's filesystem type, null when unknown
 * @param noatime        whether that mount has {@code noatime}, null when unknown
 * @param devices        whole block devices under it (partitions, device-mapper and md resolved to members)
 * @param raid           md array name under it (e.g. {@code md0}), null when none
 * @param totalBytes     capacity of the filesystem, null when unknown
 * @param usableBytes    bytes free for an unprivileged writer, null when unknown
 * @param assessed       true when the broker's log.dirs were not known and this storage mount was assessed as if it
 *                       held Kafka data; false for a configured data dir
 * @param exists         true when the directory is known to exist (the filesystem said so on this machine, or the
 *                       mount table has a mount at or under it), false when it does not exist or is not a directory
 *                       (then no mount is mapped, so nothing judges it as its nearest mount, and a problem names
 *                       it), null when unknown (a fixture tree or another machine's root, where nothing local is
 *                       statted)
 */
public record DataDir(String path, String mountPoint, String fsType, Boolean noatime, List<String> devices,
                      String raid, Long totalBytes, Long usableBytes, boolean assessed, Boolean exists) {
    public DataDir {
        devices = devices == null ? List.of() : List.copyOf(devices);
    }

    /** Existence unknown. */
    public DataDir(String path, String mountPoint, String fsType, Boolean noatime, List<String> devices, String raid,
                   Long totalBytes, Long usableBytes, boolean assessed) {
        this(path, mountPoint, fsType, noatime, devices, raid, totalBytes, usableBytes, assessed, null);
    }

    /** A configured data dir (from log.dirs or --log-dirs). */
    public DataDir(String path, String mountPoint, String fsType, Boolean noatime, List<String> devices, String raid,
                   Long totalBytes, Long usableBytes) {
        this(path, mountPoint, fsType, noatime, devices, raid, totalBytes, usableBytes, false, null);
    }
}
