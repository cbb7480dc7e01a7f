package dev.brokertuner.agent.rules.host;

import dev.brokertuner.agent.apply.Cmd;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.report.HostFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads numeric sysctls out of {@link HostFacts#sysctl()} (values as the kernel prints them) and writes the lines that
 * change them: one drop-in, {@value #DROP_IN}, that the combined plan writes in full ({@link #dropInFile}) and that
 * each finding's own lines edit for just its key ({@link #apply}), both idempotent. A value that is absent or not a
 * number is empty, never zero.
 */
public final class SysctlValues {
    /**
     * broker-tuner's one sysctl drop-in. {@code sysctl --system} reads {@code /etc/sysctl.d}, {@code /run/sysctl.d}
     * and {@code /usr/lib/sysctl.d} in the lexical order of the file names, so {@code 99-} sorts after the distro's
     * own files ({@code 10-}, {@code 50-default.conf}); {@code /etc/sysctl.conf} (and Debian's
     * {@code 99-sysctl.conf} link to it) is read after it, which is why the plan reads every value back.
     */
    public static final String DROP_IN = "/etc/sysctl.d/99-broker-tuner.conf";

    /** Sysctl names the rules write: dotted lower-case words, nothing a shell or sed pattern treats specially. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_-]+)+");

    /** Values the rules write: numbers separated by single spaces. */
    private static final Pattern VALUE = Pattern.compile("-?[0-9]+( -?[0-9]+)*");

    /**
     * Sysctls each network namespace has its own copy of ({@code net/ipv4/sysctl_net_ipv4.c}'s per-namespace table,
     * per namespace since Linux 4.15): in a pod they are the pod's, not the node's. {@code net.core.rmem_max} and
     * {@code wmem_max} are not among them: the kernel registers them for the initial namespace only, so like
     * {@code vm.*} and {@code fs.*} they are node-wide.
     */
    private static final Set<String> PER_NETNS = Set.of("net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem",
            "net.core.somaxconn", "net.ipv4.tcp_max_syn_backlog");

    private SysctlValues() {
    }

    /** The single number of a sysctl such as {@code vm.swappiness}. */
    static OptionalLong single(HostFacts host, String name) {
        return host.sysctl(name).map(SysctlValues::parseLong).orElse(OptionalLong.empty());
    }

    /** Field {@code index} (0-based) of a sysctl printed as several numbers, e.g. the max of {@code tcp_rmem}. */
    static OptionalLong field(HostFacts host, String name, int index) {
        return host.sysctl(name).map(v -> {
            String[] parts = v.trim().split("\\s+");
            return index < parts.length ? parseLong(parts[index]) : OptionalLong.empty();
        }).orElse(OptionalLong.empty());
    }

    static OptionalLong parseLong(String text) {
        return Units.parseLong(text);
    }

    /** The lines that set a sysctl now and at every boot. */
    static List<String> apply(HostFacts host, String name, long value) {
        return apply(host, name, String.valueOf(value));
    }

    /**
     * The lines that set one sysctl now and across reboots: the drop-in's line for {@code name} replaced (or added),
     * which leaves every other key in it alone and changes nothing when run again, then {@code sysctl -w}. Led by a
     * note when the agent sees a container, saying where the setting lives (node-wide or per network namespace).
     */
    public static List<String> apply(HostFacts host, String name, String value) {
        List<String> lines = new ArrayList<>();
        if (inContainer(host)) {
            lines.add(containerNote(List.of(name)));
        }
        lines.add(dropInLine(name, value));
        lines.add(setLine(name, value));
        return lines;
    }

    /** {@code name} replaced or added in the drop-in, the file and its directory created when missing. */
    static String dropInLine(String name, String value) {
        checked(name, value);
        String pattern = "/^[[:space:]]*" + name.replace(".", "\\.") + "[[:space:]]*=/d";
        return Cmd.of("mkdir", "-p", "/etc/sysctl.d")
                .and(Cmd.of("touch", DROP_IN))
                .and(Cmd.of("sed", "-i", pattern, DROP_IN))
                .and(Cmd.of("printf", "%s\\n", entry(name, value)).appendTo(DROP_IN))
                .line();
    }

    /** {@code sysctl -w name=value}, the assignment one argument. */
    static String setLine(String name, String value) {
        checked(name, value);
        return Cmd.of("sysctl", "-w", name + "=" + value).line();
    }

    /** {@code name = value}, as the drop-in holds it. */
    public static String entry(String name, String value) {
        return name + " = " + value;
    }

    /**
     * The sysctls a finding's apply lines set, read back from the {@code sysctl -w} lines {@link #apply} wrote (a
     * line is taken only when writing it again gives the very same text), in order.
     */
    public static Map<String, String> settings(List<String> applyLines) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : applyLines) {
            if (!line.startsWith("sysctl -w ")) {
                continue;
            }
            String word = line.substring("sysctl -w ".length());
            if (word.startsWith("'") && word.endsWith("'") && word.length() > 1) {
                word = word.substring(1, word.length() - 1);
            }
            int eq = word.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = word.substring(0, eq);
            String value = word.substring(eq + 1);
            if (NAME.matcher(name).matches() && VALUE.matcher(value).matches()
                    && setLine(name, value).equals(line)) {
                out.put(name, value);
            }
        }
        return out;
    }

    /**
     * Adds {@code more} to {@code into}; when two findings set the same key, the larger value wins (compared on the
     * last number, the max of a {@code tcp_rmem} triple), so one finding's raise never undoes another's.
     */
    public static void merge(Map<String, String> into, Map<String, String> more) {
        more.forEach((k, v) -> into.merge(k, v, (a, b) -> last(b) > last(a) ? b : a));
    }

    private static long last(String value) {
        String[] parts = value.trim().split(" ");
        return Long.parseLong(parts[parts.length - 1]);
    }

    /** True when {@code line} is one of the two lines {@link #apply} writes for a key of {@code settings}. */
    public static boolean isPerKeyLine(String line, Map<String, String> settings) {
        return settings.entrySet().stream().anyMatch(e -> line.equals(dropInLine(e.getKey(), e.getValue()))
                || line.equals(setLine(e.getKey(), e.getValue())));
    }

    /**
     * The combined plan's lines for a report's sysctls: each key replaced or added in broker-tuner's one drop-in (the
     * same idempotent line a finding carries, so the file never holds a key twice and running the plan again changes
     * nothing), then {@code sysctl -p} on that file and a read-back. The file is edited per key, not rewritten: a key
     * an earlier plan fixed has no finding now, and rewriting the file from this report alone would drop it, so it
     * would revert at the next boot and come back as a finding. Not {@code sysctl --system}: that re-applies every
     * distro file too and resets values set at runtime by kube-proxy, dockerd or tuned (on a Kubernetes node it can
     * put back an {@code rp_filter} that breaks the CNI); systemd-sysctl reads the drop-in at every boot, after the
     * distro's files.
     */
    public static List<String> dropInFile(Map<String, String> settings) {
        List<String> lines = new ArrayList<>();
        lines.add(Shell.comment("every sysctl the findings below recommend, each replaced or added in broker-tuner's "
                + "one drop-in " + DROP_IN + " (other keys in it stay; running this again changes nothing); it sorts "
                + "after the distro's files at boot, /etc/sysctl.conf is still read after it, so remove these keys "
                + "there if it sets them"));
        settings.forEach((name, value) -> lines.add(dropInLine(name, value)));
        lines.add(Cmd.of("sysctl", "-p", DROP_IN).comment("loads this file only; systemd-sysctl loads it at every boot")
                .line());
        List<String> readBack = new ArrayList<>(List.of("-n"));
        readBack.addAll(settings.keySet());
        lines.add(Cmd.of("sysctl", readBack).comment("read back, expect: " + String.join(", ", settings.values()))
                .line());
        return lines;
    }

    /**
     * The note for a plan seen from a container: node-wide sysctls are set on the node; per-namespace ones set on
     * the node change only the node's own network namespace, so for the broker's pod they belong in its spec.
     */
    public static String containerNote(java.util.Collection<String> names) {
        List<String> perNs = names.stream().filter(SysctlValues::perNetworkNamespace).toList();
        List<String> nodeWide = names.stream().filter(n -> !perNetworkNamespace(n)).toList();
        StringBuilder s = new StringBuilder("this agent sees a container (overlay root): run these on the node itself");
        if (!nodeWide.isEmpty()) {
            s.append("; node-wide there: ").append(String.join(", ", nodeWide));
        }
        if (!perNs.isEmpty()) {
            s.append("; per network namespace: ").append(String.join(", ", perNs)).append(" set on the node change "
                    + "the node's own namespace only, so unless the broker's pod uses hostNetwork set them in its "
                    + "securityContext.sysctls (the kubelet must allow them)");
        }
        return Shell.comment(s.toString());
    }

    /** True for a sysctl each network namespace (each pod) has its own value of. */
    static boolean perNetworkNamespace(String name) {
        return PER_NETNS.contains(name);
    }

    /** True when the root filesystem is an overlay: the agent runs inside a container. */
    public static boolean inContainer(HostFacts host) {
        return host.mounts().stream().anyMatch(m -> m.mountPoint().equals("/") && "overlay".equals(m.fsType()));
    }

    private static void checked(String name, String value) {
        if (!NAME.matcher(name).matches() || !VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a sysctl setting the rules write: " + Shell.commentText(name)
                    + " = " + Shell.commentText(value));
        }
    }
}
