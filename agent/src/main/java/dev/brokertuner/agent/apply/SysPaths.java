package dev.brokertuner.agent.apply;

/**
 * The device and sysfs paths apply lines name, built from a name {@link KernelNames} accepts: a name that is not a
 * kernel block device name is refused here ({@link IllegalArgumentException}) rather than turned into a path, so a
 * value such as {@code md9;id} or {@code ../../etc} never becomes {@code /sys/block/md9;id/...}. The paths are still
 * quoted by {@link Cmd} like any other argument.
 *
 * <p>These are paths on the machine where the plan is pasted (the real {@code /proc} and {@code /sys} of the broker
 * host), never files the agent reads: the agent reads through its {@code --procfs}/{@code --sysfs} roots. Keeping
 * them here keeps every such literal in one place.
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

    /** {@code /sys/block/NAME/queue/ATTR}, e.g. the I/O scheduler or read-ahead of a whole disk. */
    public static String blockQueue(String blockDevice, String attribute) {
        if (!attribute.matches("[a-z_]{1,32}")) {
            throw new IllegalArgumentException("not a queue attribute: " + Shell.commentText(attribute));
        }
        return "/sys/block/" + checked(blockDevice) + "/queue/" + attribute;
    }

    /** {@code /proc/mdstat}: md arrays, their state and resync progress. */
    public static final String MDSTAT = "/proc/mdstat";

    /** {@code /sys/kernel/mm/transparent_hugepage/defrag}: when the kernel compacts memory for huge pages. */
    public static final String THP_DEFRAG = "/sys/kernel/mm/transparent_hugepage/defrag";

    private static String checked(String name) {
        if (!KernelNames.isBlockDeviceName(name)) {
            throw new IllegalArgumentException("not a kernel block device name: " + Shell.commentText(name));
        }
        return name;
    }
}
