package dev.brokertuner.agent.host;

import dev.brokertuner.report.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the kernel settings the rules use from {@code <procfs>/sys}. */
public final class Sysctls {
    /** The settings read, in report order. */
    public static final List<String> NAMES = List.of("net.core.rmem_max", "net.core.wmem_max",
            "net.core.rmem_default", "net.core.wmem_default", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem",
            "vm.swappiness", "vm.max_map_count", "vm.dirty_ratio", "vm.dirty_background_ratio", "fs.file-max",
            "net.core.somaxconn");

    private Sysctls() {
    }

    /** Dotted name to its file under procfs: {@code vm.swappiness} is {@code sys/vm/swappiness}. */
    public static String file(String name) {
        return "sys/" + name.replace('.', '/');
    }

    /** Whitespace runs (tabs in {@code tcp_rmem}) become one space. */
    public static String normalize(String value) {
        return value.strip().replaceAll("\\s+", " ");
    }

    /** Every setting that could be read; one problem per setting that could not. */
    public static Map<String, String> read(HostFiles files, List<Problem> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : NAMES) {
            Read r = files.proc(file(name));
            String text = r.textOrNull();
            if (text == null || text.isBlank()) {
                String why = text == null ? r.why() : files.paths().proc(file(name)) + " is empty";
                problems.add(new Problem("procfs:" + file(name), name + " unknown: " + why));
                continue;
            }
            out.put(name, normalize(text));
        }
        return out;
    }
}
