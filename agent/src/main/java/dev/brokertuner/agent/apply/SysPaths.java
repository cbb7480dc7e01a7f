package dev.brokertuner.agent.apply;

/**
 * The device and sysfs paths apply lines name, built from a name {@link KernelNames} accepts: a name that is not a
 * kernel block device name is refused here ({@link IllegalArgumentException}) rather than turned into a path, so a
 * value such as {@code md9;id} or {@code ../../etc} never becomes {@code /sys/block/md9;id/...}. The paths are still
 * quoted by {@link Cmd} like any other argument.
 */
public final class SysPaths {
    private SysPaths() {
    }

    /** {@code /dev/NAME}. */
    public static String dev(String blockDevice) {
        return "/dev/" + checked(blockDevice);
    }

    /** {@code /sys/block/NAME/md/sync_action}: writing {@code idle} stops a check or repair. */
    public static String mdSyncAction(String md) {
        return "/sys/block/" + checked(md) + "/md/sync_action";
    }

    /** {@code /sys/block/NAME/md/sync_speed_max}: this array's own sync speed cap in KiB/s, or {@code system}. */
    public static String mdSyncSpeedMax(String md) {
        return "/sys/block/" + checked(md) + "/md/sync_speed_max";
    }

    private static String checked(String name) {
        if (!KernelNames.isBlockDeviceName(name)) {
            throw new IllegalArgumentException("not a kernel block device name: " + Shell.commentText(name));
        }
        return name;
    }
}
