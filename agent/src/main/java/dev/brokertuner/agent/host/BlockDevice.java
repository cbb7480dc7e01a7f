package dev.brokertuner.agent.host;

import java.util.List;

/**
 * One entry of {@code <sysfs>/block}: a whole disk, a device-mapper volume or an md array.
 *
 * @param name       kernel name ({@code sda}, {@code nvme0n1}, {@code dm-0}, {@code md2})
 * @param sizeBytes  size ({@code size} is in 512-byte sectors), null when unknown
 * @param rotational {@code queue/rotational}, null when unknown
 * @param scheduler  the active I/O scheduler (the bracketed one in {@code queue/scheduler}), null when unknown
 * @param partitions partition names found as subdirectories with a {@code partition} file
 * @param slaves     the devices under a dm or md device ({@code slaves/})
 * @param dmName     the device-mapper name ({@code dm/name}), null when not dm or unknown
 */
public record BlockDevice(String name, Long sizeBytes, Boolean rotational, String scheduler, List<String> partitions,
                          List<String> slaves, String dmName) {
    public BlockDevice {
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
        slaves = slaves == null ? List.of() : List.copyOf(slaves);
    }

    /** True for a device-mapper volume. */
    public boolean isDeviceMapper() {
        return name.startsWith("dm-");
    }
}
