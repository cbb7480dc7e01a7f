package dev.brokertuner.agent.host;

import dev.brokertuner.agent.apply.KernelNames;
import dev.brokertuner.report.RaidArray;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps a mount's source ({@code /dev/sda1}, {@code /dev/mapper/vg-data}, {@code /dev/md2}) to the whole disks under
 * it and the md array on the way: partition to disk, device-mapper and md to their members ({@code slaves/} in sysfs,
 * else mdstat's member list), by name where sysfs has no entry for a partition.
 */
public final class DeviceResolver {
    private final Map<String, BlockDevice> devices = new LinkedHashMap<>();
    private final Map<String, String> partitionToDisk = new LinkedHashMap<>();
    private final Map<String, RaidArray> arrays = new LinkedHashMap<>();

    public DeviceResolver(List<BlockDevice> blockDevices, List<RaidArray> raid) {
        for (BlockDevice d : blockDevices) {
            devices.put(d.name(), d);
            d.partitions().forEach(p -> partitionToDisk.put(p, d.name()));
        }
        raid.forEach(a -> arrays.put(a.name(), a));
    }

    /** What lies under one mount source. */
    public record Resolved(List<String> devices, String raid) {
        public Resolved {
            devices = List.copyOf(devices);
        }
    }

    /** Resolves a mount source; a source that is not a block device (nfs, overlay, tmpfs) resolves to nothing. */
    public Resolved resolve(String source) {
        Optional<String> start = kernelName(source);
        if (start.isEmpty()) {
            return new Resolved(List.of(), null);
        }
        Set<String> disks = new LinkedHashSet<>();
        String[] raid = {null};
        walk(start.get(), disks, raid, new HashSet<>());
        return new Resolved(new ArrayList<>(disks), raid[0]);
    }

    private void walk(String name, Set<String> disks, String[] raid, Set<String> seen) {
        if (!seen.add(name)) {
            return;
        }
        BlockDevice dev = devices.get(name);
        RaidArray array = arrays.get(name);
        if (array != null || name.matches("md\\d+.*") && dev != null) {
            if (raid[0] == null) {
                raid[0] = name;
            }
            List<String> members = dev != null && !dev.slaves().isEmpty() ? dev.slaves()
                    : array != null ? array.members() : List.of();
            if (members.isEmpty()) {
                disks.add(name);
            }
            members.forEach(m -> walk(m, disks, raid, seen));
            return;
        }
        if (dev != null && !dev.slaves().isEmpty()) {
            dev.slaves().forEach(s -> walk(s, disks, raid, seen));
            return;
        }
        if (dev != null) {
            disks.add(name);
            return;
        }
        String parent = parentDisk(name);
        disks.add(parent != null ? parent : name);
    }

    /** The whole disk a partition belongs to: from sysfs, else by name when that disk exists in sysfs. */
    String parentDisk(String partition) {
        String known = partitionToDisk.get(partition);
        if (known != null) {
            return known;
        }
        String stripped = partition.replaceFirst("\\d+$", "");
        if (stripped.equals(partition)) {
            return null;
        }
        if (devices.containsKey(stripped)) {
            return stripped;
        }
        if (stripped.endsWith("p") && devices.containsKey(stripped.substring(0, stripped.length() - 1))) {
            return stripped.substring(0, stripped.length() - 1);
        }
        return null;
    }

    /** The kernel device name for a mount source, when it is a block device. */
    Optional<String> kernelName(String source) {
        if (source == null || !source.startsWith("/dev/")) {
            return Optional.empty();
        }
        String rest = source.substring("/dev/".length());
        if (rest.startsWith("mapper/")) {
            String dmName = rest.substring("mapper/".length());
            List<BlockDevice> dms = devices.values().stream().filter(BlockDevice::isDeviceMapper).toList();
            Optional<BlockDevice> named = dms.stream().filter(d -> dmName.equals(d.dmName())).findFirst();
            if (named.isPresent()) {
                return Optional.of(named.get().name());
            }
            List<BlockDevice> unnamed = dms.stream().filter(d -> d.dmName() == null).toList();
            return unnamed.size() == 1 ? Optional.of(unnamed.get(0).name()) : Optional.empty();
        }
        if (rest.startsWith("md/")) {
            rest = rest.substring(3);
            String md = rest.matches("\\d+") ? "md" + rest : rest;
            return KernelNames.isBlockDeviceName(md) ? Optional.of(md) : Optional.empty();
        }
        if (rest.contains("/") || !KernelNames.isBlockDeviceName(rest)) {
            return Optional.empty();
        }
        return Optional.of(rest);
    }
}
