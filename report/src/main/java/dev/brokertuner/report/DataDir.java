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
 * @param hostPath       where the dir lives on the node when the broker runs in its own mount namespace (a pod or
 *                       container seen from the node): {@code path} is then the broker's path, and
 *                       {@code mountPoint} and the devices are the node's mount behind it; null when the broker
 *                       shares the host's mount namespace (or no node mount shows the dir's filesystem)
 */
public record DataDir(String path, String mountPoint, String fsType, Boolean noatime, List<String> devices,
                      String raid, Long totalBytes, Long usableBytes, boolean assessed, Boolean exists,
                      String hostPath) {
    public DataDir {
        devices = devices == null ? List.of() : List.copyOf(devices);
    }

    /** Existence unknown, in the host's mount namespace. */
    public DataDir(String path, String mountPoint, String fsType, Boolean noatime, List<String> devices, String raid,
                   Long totalBytes, Long usableBytes, boolean assessed) {
        this(path, mountPoint, fsType, noatime, devices, raid, totalBytes, usableBytes, assessed, null, null);
    }

    /** Existence as given, in the host's mount namespace. */
    public DataDir(String path, String mountPoint, String fsType, Boolean noatime, List<String> devices, String raid,
                   Long totalBytes, Long usableBytes, boolean assessed, Boolean exists) {
        this(path, mountPoint, fsType, noatime, devices, raid, totalBytes, usableBytes, assessed, exists, null);
    }

    /** Existence unknown, backed by the node path {@code hostPath} (a broker in its own mount namespace). */
    public DataDir(String path, String mountPoint, String fsType, Boolean noatime, List<String> devices, String raid,
                   Long totalBytes, Long usableBytes, boolean assessed, String hostPath) {
        this(path, mountPoint, fsType, noatime, devices, raid, totalBytes, usableBytes, assessed, null, hostPath);
    }

    /** This data dir as the broker names it, backed by the node path {@code hostPath}. */
    public DataDir inBrokerNamespace(String brokerPath, String hostPath) {
        return new DataDir(brokerPath, mountPoint, fsType, noatime, devices, raid, totalBytes, usableBytes, assessed,
                exists, hostPath);
    }

    /** A configured data dir (from log.dirs or --log-dirs). */
    public DataDir(String path, String mountPoint, String fsType, Boolean noatime, List<String> devices, String raid,
                   Long totalBytes, Long usableBytes) {
        this(path, mountPoint, fsType, noatime, devices, raid, totalBytes, usableBytes, false, null, null);
    }
}
