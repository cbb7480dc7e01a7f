package dev.brokertuner.agent.cli;

import dev.brokertuner.agent.apply.KernelNames;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.gather.HostPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where and how the host is read (a picocli mixin): the procfs and sysfs roots, the data dirs to assess and the
 * throughput sample window. {@link #problems()} lists every bad value at once.
 */
public final class HostOptions {
    @Option(names = "--procfs", paramLabel = "DIR", defaultValue = "/proc",
            description = "Root standing for /proc (a host's /proc mounted elsewhere, or a fixture). Default: ${DEFAULT-VALUE}.")
    public Path procfs;

    @Option(names = "--sysfs", paramLabel = "DIR", defaultValue = "/sys",
            description = "Root standing for /sys. Default: ${DEFAULT-VALUE}.")
    public Path sysfs;

    @Option(names = "--log-dirs", paramLabel = "DIR", split = ",",
            description = "Kafka data dirs, comma separated. Default: log.dirs of --server-properties or of the "
                    + "discovered broker; with neither, every disk-backed mount is assessed.")
    public List<String> logDirs = new ArrayList<>();

    @Option(names = "--sample-seconds", paramLabel = "N", defaultValue = "5",
            description = "Sample disk and NIC throughput (and broker rates) over N seconds; 0 skips sampling. "
                    + "Default: ${DEFAULT-VALUE}.")
    public int sampleSeconds;

    @Option(names = "--nic-speed", paramLabel = "IF=MBPS",
            description = "Declare an interface's link speed in Mb/s where the kernel reports none (cloud VMs), e.g. "
                    + "--nic-speed ens5=12500; repeatable. Used only where sysfs has no speed, and marked declared.")
    public Map<String, Long> nicSpeeds = new LinkedHashMap<>();

    /** The roots as {@link HostPaths}. */
    public HostPaths paths() {
        return new HostPaths(procfs, sysfs);
    }

    /** Every problem with these options, empty when they are usable. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(procfs)) {
            out.add("--procfs " + procfs + ": no such directory");
        }
        if (!Files.isDirectory(sysfs)) {
            out.add("--sysfs " + sysfs + ": no such directory");
        }
        if (sampleSeconds < 0) {
            out.add("--sample-seconds " + sampleSeconds + ": must be 0 (no sampling) or more");
        }
        nicSpeeds.forEach((name, mbps) -> {
            if (!KernelNames.isInterfaceName(name)) {
                out.add("--nic-speed " + Shell.commentText(name) + ": not an interface name");
            }
            if (mbps == null || mbps <= 0) {
                out.add("--nic-speed " + Shell.commentText(name) + "=" + mbps + ": the speed must be a positive "
                        + "number of Mb/s");
            }
        });
        for (String d : logDirs) {
            if (d.isBlank()) {
                out.add("--log-dirs: empty entry");
            } else if (!d.startsWith("/")) {
                out.add("--log-dirs " + d + ": must be an absolute path");
            }
        }
        return out;
    }
}
