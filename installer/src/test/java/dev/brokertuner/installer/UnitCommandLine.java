package dev.brokertuner.installer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The argv systemd builds from a unit's {@code Environment=} and {@code ExecStart=} lines: {@code $VAR} splits the
 * value on whitespace, {@code ${VAR}} is one word (systemd.service(5), "Command lines"). Enough for our units, which
 * quote only whole {@code Environment=} assignments.
 */
final class UnitCommandLine {
    private UnitCommandLine() {
    }

    /** The ExecStart argv of {@code unitText} with its Environment= variables (and {@code extraEnv}) substituted. */
    static List<String> execStart(String unitText, Map<String, String> extraEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        String exec = null;
        for (String line : unitText.lines().toList()) {
            if (line.startsWith("Environment=")) {
                String assignment = line.substring("Environment=".length());
                if (assignment.startsWith("\"") && assignment.endsWith("\"")) {
                    assignment = assignment.substring(1, assignment.length() - 1);
                }
                int eq = assignment.indexOf('=');
                env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
            } else if (line.startsWith("ExecStart=")) {
                exec = line.substring("ExecStart=".length());
            }
        }
        if (exec == null) {
            throw new AssertionError("no ExecStart= in the unit");
        }
        env.putAll(extraEnv);
        List<String> argv = new ArrayList<>();
        for (String word : exec.trim().split("\\s+")) {
            if (word.startsWith("${") && word.endsWith("}")) {
                argv.add(value(env, word.substring(2, word.length() - 1)));
            } else if (word.startsWith("$")) {
                argv.addAll(List.of(value(env, word.substring(1)).trim().split("\\s+")));
            } else {
                argv.add(word);
            }
        }
        return argv;
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null) {
            throw new AssertionError("the unit uses $" + name + " but sets no Environment=" + name);
        }
        return v;
    }
}
