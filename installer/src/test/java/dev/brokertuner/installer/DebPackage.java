package dev.brokertuner.installer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A built .deb as {@code dpkg-deb} sees it: control fields, payload entries and control members. */
record DebPackage(Path file) {

    /** One payload entry as listed by {@code dpkg-deb -c}, path without the leading {@code ./}. */
    record Entry(String mode, String owner, long size, String date, String path) {
        boolean isDirectory() {
            return mode.startsWith("d");
        }
    }

    static DebPackage of(Path file) {
        Tools.require("dpkg-deb", "dpkg");
        return new DebPackage(file);
    }

    /** The control fields; continuation lines of a multi-line field are joined with newlines. */
    Map<String, String> fields() {
        return parseFields(Command.ok("dpkg-deb", "-f", file.toString()).out());
    }

    /** Parses RFC 822-style control text. */
    static Map<String, String> parseFields(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        String last = null;
        for (String line : text.lines().toList()) {
            if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                fields.put(last, fields.get(last) + "\n" + line.strip());
            } else if (line.contains(":")) {
                last = line.substring(0, line.indexOf(':'));
                fields.put(last, line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return fields;
    }

    /** Every payload entry. */
    List<Entry> entries() {
        return Command.ok("dpkg-deb", "-c", file.toString()).lines().stream().map(DebPackage::parseEntry).toList();
    }

    /** The payload entry at {@code path} (absolute, e.g. {@code /usr/bin/broker-tuner}). */
    Optional<Entry> entry(String path) {
        return entries().stream().filter(e -> ("/" + e.path()).equals(path) || ("/" + e.path()).equals(path + "/"))
                .findFirst();
    }

    /** Parses one {@code dpkg-deb -c} (tar -tv) line. */
    static Entry parseEntry(String line) {
        String[] f = line.trim().split("\\s+", 6);
        String path = f[5];
        if (path.startsWith("./")) {
            path = path.substring(2);
        }
        return new Entry(f[0], f[1], Long.parseLong(f[2]), f[3] + " " + f[4], path);
    }

    /** A control member ({@code conffiles}, {@code postinst}, ...), empty when the package has none. */
    Optional<String> controlMember(String name) {
        Command c = Command.run("dpkg-deb", "-I", file.toString(), name);
        return c.exit() == 0 ? Optional.of(c.out()) : Optional.empty();
    }
}
