package dev.brokertuner.agent.host;

import dev.brokertuner.agent.apply.KernelNames;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.report.Problem;
import dev.brokertuner.report.RaidArray;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Refuses interface, block device and md names that the kernel could not have given ({@link KernelNames}): a name
 * such as {@code md9;id} or one holding a newline is not what it claims to be, so it is left out of the facts with a
 * problem naming it (escaped) instead of reaching a rule, a report or an apply line. Names the kernel does allow, odd
 * as they may be ({@code $(id>q)} is a legal interface name), are kept and quoted wherever a command names them.
 * One problem per refused name, however many sources list it.
 */
final class KernelNameCheck {
    private final List<Problem> problems;
    private final Set<String> reported = new HashSet<>();

    KernelNameCheck(List<Problem> problems) {
        this.problems = problems;
    }

    /** The block devices with a kernel name, their partition and slave lists cut to kernel names too. */
    List<BlockDevice> blockDevices(List<BlockDevice> devices) {
        List<BlockDevice> out = new ArrayList<>();
        for (BlockDevice d : devices) {
            if (!blockName(d.name(), "sysfs:block")) {
                continue;
            }
            out.add(new BlockDevice(d.name(), d.sizeBytes(), d.rotational(), d.scheduler(),
                    blockNames(d.partitions(), "sysfs:block/" + d.name()),
                    blockNames(d.slaves(), "sysfs:block/" + d.name() + "/slaves"), d.dmName()));
        }
        return out;
    }

    /** The md arrays with a kernel name, their members cut to kernel names. */
    List<RaidArray> raid(List<RaidArray> arrays) {
        List<RaidArray> out = new ArrayList<>();
        for (RaidArray a : arrays) {
            if (!blockName(a.name(), "procfs:mdstat, sysfs:block")) {
                continue;
            }
            out.add(new RaidArray(a.name(), a.level(), a.state(), a.raidDisks(), a.workingDisks(), a.failedDisks(),
                    a.spareDisks(), a.degraded(), a.syncAction(), a.syncProgress(),
                    blockNames(a.members(), "procfs:mdstat " + a.name()),
                    a.failedMembers().stream().filter(KernelNames::isBlockDeviceName).toList()));
        }
        return out;
    }

    private List<String> blockNames(List<String> names, String source) {
        return names.stream().filter(n -> blockName(n, source)).toList();
    }

    /** True when the kernel could have given this interface name; otherwise a problem names it (once). */
    boolean interfaceName(String name, String source) {
        if (KernelNames.isInterfaceName(name)) {
            return true;
        }
        refuse("interface", name, source, "1 to 15 bytes, no '/', ':', whitespace or control characters");
        return false;
    }

    private boolean blockName(String name, String source) {
        if (KernelNames.isBlockDeviceName(name)) {
            return true;
        }
        refuse("block device", name, source, "letters, digits and _ . - + ! : only, at most 32");
        return false;
    }

    private void refuse(String kind, String name, String source, String rule) {
        if (reported.add(kind + "\0" + name)) {
            problems.add(new Problem(source, kind + " name '" + Shell.commentText(name) + "' refused: the kernel "
                    + "gives no such name (" + rule + "), so it is left out of the facts and of every command"));
        }
    }
}
