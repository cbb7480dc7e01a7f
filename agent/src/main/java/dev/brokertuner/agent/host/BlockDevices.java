package dev.brokertuner.agent.host;

import java.util.ArrayList;
import java.util.List;

/** Reads {@code <sysfs>/block}. Attributes that are missing stay unknown. */
public final class BlockDevices {
    private BlockDevices() {
    }

    /** Every block device, sorted by name; loop, ram and zram devices hold no broker data and are left out. */
    public static List<BlockDevice> read(HostFiles files) {
        List<BlockDevice> out = new ArrayList<>();
        for (String name : files.sysList("block")) {
            if (name.startsWith("loop") || name.startsWith("ram") || name.startsWith("zram")) {
                continue;
            }
            String base = "block/" + name + "/";
            List<String> partitions = new ArrayList<>();
            for (String entry : files.sysList(base)) {
                if (entry.startsWith(name) && files.sys(base + entry + "/partition").textOrNull() != null) {
                    partitions.add(entry);
                }
            }
            out.add(new BlockDevice(name, sectorsToBytes(files.sysValue(base + "size")),
                    flag(files.sysValue(base + "queue/rotational")),
                    scheduler(files.sysValue(base + "queue/scheduler")), partitions,
                    files.sysList(base + "slaves"), files.sysValue(base + "dm/name")));
        }
        return out;
    }

    static Long sectorsToBytes(String sectors) {
        if (sectors == null) {
            return null;
        }
        try {
            return Long.parseLong(sectors.trim()) * 512L;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Boolean flag(String value) {
        if ("1".equals(value)) {
            return true;
        }
        return "0".equals(value) ? false : null;
    }

    /** {@code mq-deadline kyber [bfq] none} gives {@code bfq}; a single name without brackets is that name. */
    static String scheduler(String value) {
        return SysfsChoice.active(value);
    }
}
